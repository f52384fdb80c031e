package dozvon.edge.sip.registrar;

import dozvon.edge.sip.auth.DigestClient;
import dozvon.edge.sip.auth.DigestVerifier;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.message.Via;
import dozvon.store.redis.RedisConnection;
import dozvon.store.redis.RedisRegistrations;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The registrar over the real Redis, with digest answers computed as a phone would. */
class RegistrarTest {

    private Vertx vertx;
    private RedisConnection redis;
    private Registrar registrar;
    private final List<String> reachability = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private int cseq = 1;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        redis = RedisConnection.connect(vertx, TestStores.redisUrl(), TestStores.newRedisPrefix());
        registrar = new Registrar(Map.of("anna", "anna-secret"), new DigestVerifier("dozvon.local", Duration.ofMinutes(5)),
                new RedisRegistrations(redis), clock, (agent, up) -> reachability.add(agent + "=" + up));
    }

    @AfterEach
    void tearDown() {
        redis.close();
        vertx.close().await();
    }

    private SipRequest register(String user, String contact, Integer expires, String authorization) {
        SipUri aor = SipUri.of(user, "dozvon.local", -1);
        SipRequest r = SipRequest.create("REGISTER", SipUri.of(null, "dozvon.local", -1),
                Via.of("UDP", "127.0.0.1", 5071, "z9hG4bK-" + cseq), NameAddr.of(aor).withTag("ft"), NameAddr.of(aor),
                "reg-call-1@127.0.0.1", cseq++);
        if (contact != null) {
            r = r.withHeaders(r.headers().with("Contact", contact));
        }
        if (expires != null) {
            r = r.withHeaders(r.headers().with("Expires", String.valueOf(expires)));
        }
        if (authorization != null) {
            r = r.withHeaders(r.headers().with("Authorization", authorization));
        }
        return r;
    }

    private SipResponse send(SipRequest r) throws Exception {
        return registrar.register(r, "udp:127.0.0.1:5071").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** REGISTER, get challenged, answer the challenge: what a phone does. */
    private SipResponse registerWithAuth(String user, String password, String contact, Integer expires) throws Exception {
        SipResponse challenge = send(register(user, contact, expires, null));
        assertThat(challenge.status()).isEqualTo(401);
        String auth = DigestClient.answer(challenge.headers().all("WWW-Authenticate"), user, password, "REGISTER",
                "sip:dozvon.local", 1).orElseThrow();
        return send(register(user, contact, expires, auth));
    }

    @Test
    void aPhoneRegistersWithDigestAndIsReachable() throws Exception {
        SipResponse ok = registerWithAuth("anna", "anna-secret", "<sip:anna@127.0.0.1:5071>", 120);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers().all("Contact")).containsExactly("<sip:anna@127.0.0.1:5071>;expires=120");
        assertThat(ok.to().tag()).isPresent();
        assertThat(reachability).containsExactly("anna=true");
        var live = new RedisRegistrations(redis).live("anna", clock.instant()).toCompletableFuture().get();
        assertThat(live).singleElement().satisfies(b -> {
            assertThat(b.contact()).isEqualTo("sip:anna@127.0.0.1:5071");
            assertThat(b.receivedFrom()).isEqualTo("udp:127.0.0.1:5071");
        });
    }

    @Test
    void theChallengeOffersBothAlgorithms() throws Exception {
        SipResponse challenge = send(register("anna", "<sip:anna@127.0.0.1:5071>", 60, null));
        assertThat(challenge.headers().all("WWW-Authenticate")).hasSize(2)
                .anySatisfy(h -> assertThat(h).contains("SHA-256"))
                .anySatisfy(h -> assertThat(h).contains("MD5"));
    }

    @Test
    void aWrongPasswordIsChallengedAgainAndBindsNothing() throws Exception {
        assertThat(registerWithAuth("anna", "wrong", "<sip:anna@127.0.0.1:5071>", 120).status()).isEqualTo(401);
        assertThat(reachability).isEmpty();
    }

    @Test
    void anUnknownAgentGetsNoBinding() throws Exception {
        assertThat(registerWithAuth("mallory", "x", "<sip:m@127.0.0.1:5071>", 120).status()).isEqualTo(401);
    }

    @Test
    void tooShortAnExpiryIs423WithMinExpires() throws Exception {
        SipResponse r = registerWithAuth("anna", "anna-secret", "<sip:anna@127.0.0.1:5071>", 30);
        assertThat(r.status()).isEqualTo(423);
        assertThat(r.headers().firstOrNull("Min-Expires")).isEqualTo("60");
    }

    @Test
    void expiresZeroUnregistersAndTheAgentBecomesUnreachable() throws Exception {
        registerWithAuth("anna", "anna-secret", "<sip:anna@127.0.0.1:5071>", 120);
        SipResponse r = registerWithAuth("anna", "anna-secret", "<sip:anna@127.0.0.1:5071>", 0);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().all("Contact")).isEmpty();
        assertThat(reachability).containsExactly("anna=true", "anna=false");
    }

    @Test
    void starWithExpiresZeroRemovesEveryBinding() throws Exception {
        registerWithAuth("anna", "anna-secret", "<sip:anna@127.0.0.1:5071>", 120);
        registerWithAuth("anna", "anna-secret", "<sip:anna@10.0.0.9:5060>", 120);
        assertThat(registerWithAuth("anna", "anna-secret", "*", 0).status()).isEqualTo(200);
        assertThat(new RedisRegistrations(redis).live("anna", clock.instant()).toCompletableFuture().get()).isEmpty();
        assertThat(registerWithAuth("anna", "anna-secret", "*", 60).status()).as("* needs Expires: 0").isEqualTo(400);
    }

    @Test
    void aQueryListsBindingsWithoutChangingThem() throws Exception {
        registerWithAuth("anna", "anna-secret", "<sip:anna@127.0.0.1:5071>", 3600);
        SipResponse r = registerWithAuth("anna", "anna-secret", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().all("Contact")).containsExactly("<sip:anna@127.0.0.1:5071>;expires=3600");
        assertThat(reachability).containsExactly("anna=true");
    }

    @Test
    void expiryIsCappedAndBindingsLapse() throws Exception {
        SipResponse r = registerWithAuth("anna", "anna-secret", "<sip:anna@127.0.0.1:5071>;expires=99999", null);
        assertThat(r.headers().all("Contact")).containsExactly("<sip:anna@127.0.0.1:5071>;expires=3600");
        var later = new RedisRegistrations(redis).live("anna", clock.instant().plusSeconds(3601)).toCompletableFuture().get();
        assertThat(later).isEmpty();
    }
}
