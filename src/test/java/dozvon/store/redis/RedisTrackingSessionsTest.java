package dozvon.store.redis;

import dozvon.core.tracking.Attribution;
import dozvon.core.tracking.Lease;
import dozvon.core.tracking.NumberPool;
import dozvon.core.tracking.VisitorSession;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Pool leases on the machine's real Redis under this test's own prefix; lease time is passed in (virtual). */
class RedisTrackingSessionsTest {

    private static final Instant T = Instant.parse("2027-03-01T09:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(30);

    private static Vertx vertx;
    private static RedisConnection redis;
    private static RedisTrackingSessions sessions;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        redis = RedisConnection.connect(vertx, TestStores.redisUrl(), TestStores.newRedisPrefix());
        sessions = new RedisTrackingSessions(redis);
    }

    @AfterAll
    static void stop() {
        redis.close();
        vertx.close();
    }

    private static NumberPool pool(String name, String... numbers) {
        return new NumberPool(name, List.of(numbers), "sales", LEASE, null);
    }

    private static VisitorSession visitor(String id, String campaign) {
        return new VisitorSession(id, "google", "cpc", campaign, "sofa", "https://shop.example/");
    }

    private static <T> T get(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Optional<Lease> lease(NumberPool p, String visitor, Instant at) throws Exception {
        return get(sessions.lease(p, visitor(visitor, "c-" + visitor), at));
    }

    @Test
    void aVisitorKeepsTheirNumberAndRenewsIt() throws Exception {
        NumberPool p = pool("renew", "+74950000010", "+74950000011");
        Lease first = lease(p, "visitor-aaaa", T).orElseThrow();
        assertThat(first.expiresAt()).isEqualTo(T.plus(LEASE));
        Lease again = lease(p, "visitor-aaaa", T.plusSeconds(600)).orElseThrow();
        assertThat(again.number()).isEqualTo(first.number());
        assertThat(again.expiresAt()).isEqualTo(T.plusSeconds(600).plus(LEASE));
        Lease other = lease(p, "visitor-bbbb", T.plusSeconds(600)).orElseThrow();
        assertThat(other.number()).isNotEqualTo(first.number());
    }

    @Test
    void anExhaustedPoolLeasesNothingUntilALeaseRunsOut() throws Exception {
        NumberPool p = pool("small", "+74950000020");
        assertThat(lease(p, "visitor-1111", T)).isPresent();
        assertThat(lease(p, "visitor-2222", T.plusSeconds(60))).isEmpty();
        assertThat(lease(p, "visitor-2222", T.plus(LEASE).plusSeconds(1)))
                .map(Lease::number).contains("+74950000020");
    }

    @Test
    void theNumberReleasedLongestAgoIsReusedFirst() throws Exception {
        NumberPool p = pool("lru", "+74950000030", "+74950000031", "+74950000032");
        String a = lease(p, "visitor-a000", T).orElseThrow().number();
        String b = lease(p, "visitor-b000", T.plusSeconds(60)).orElseThrow().number();
        String c = lease(p, "visitor-c000", T.plusSeconds(120)).orElseThrow().number();
        assertThat(Set.of(a, b, c)).hasSize(3);
        // All three ran out (a first); a new visitor gets a, the one released longest ago.
        Instant later = T.plus(LEASE).plusSeconds(600);
        assertThat(lease(p, "visitor-d000", later)).map(Lease::number).contains(a);
        assertThat(lease(p, "visitor-e000", later)).map(Lease::number).contains(b);
    }

    @Test
    void aCallToANumberIsAttributedToItsLastHolderUntilItIsLeasedAgain() throws Exception {
        NumberPool p = pool("attr", "+74950000040");
        assertThat(get(sessions.holderOf("attr", "+74950000040", T))).as("never leased").isEmpty();
        get(sessions.lease(p, visitor("visitor-x000", "sofas"), T));
        Optional<Attribution> holder = get(sessions.holderOf("attr", "+74950000040", T.plusSeconds(5)));
        assertThat(holder).contains(new Attribution("google", "cpc", "sofas", "sofa", "https://shop.example/",
                "visitor-x000", "attr"));
        assertThat(get(sessions.holderOf("attr", "+74950000040", T.plus(LEASE).plusSeconds(5))))
                .as("ran out, nobody else has it").map(Attribution::visitorId).contains("visitor-x000");
        get(sessions.lease(p, visitor("visitor-y000", "beds"), T.plus(LEASE).plusSeconds(10)));
        assertThat(get(sessions.holderOf("attr", "+74950000040", T.plus(LEASE).plusSeconds(11))))
                .map(Attribution::campaign).contains("beds");
    }

    @Test
    void concurrentVisitorsNeverShareANumber() throws Exception {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            numbers.add("+7495000010" + i);
        }
        NumberPool p = new NumberPool("race", numbers, "sales", LEASE, null);
        List<CompletableFuture<Optional<Lease>>> all = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            all.add(sessions.lease(p, visitor("visitor-r" + (100 + i), "x"), T).toCompletableFuture());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        Set<String> leased = new HashSet<>();
        int none = 0;
        for (var f : all) {
            Optional<Lease> l = f.get();
            if (l.isPresent()) {
                assertThat(leased.add(l.get().number())).as("number handed out twice").isTrue();
            } else {
                none++;
            }
        }
        assertThat(leased).hasSize(10);
        assertThat(none).isEqualTo(5);
    }
}
