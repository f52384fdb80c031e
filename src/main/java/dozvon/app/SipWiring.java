package dozvon.app;

import dozvon.app.config.DozvonConfig;
import dozvon.edge.sip.InboundCalls;
import dozvon.edge.sip.SipEdge;
import dozvon.edge.sip.auth.DigestAlgorithm;
import dozvon.edge.sip.auth.DigestVerifier;
import dozvon.edge.sip.registrar.Registrar;
import dozvon.edge.sip.transport.SipTransport;
import dozvon.edge.sip.transport.SourceRateLimiter;
import dozvon.edge.sip.trunk.Cidr;
import dozvon.edge.sip.trunk.TrunkAccess;
import dozvon.obs.Metrics;
import dozvon.store.redis.RedisConnection;
import dozvon.store.redis.RedisRegistrations;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Builds the SIP edge from config: trunks, registrar, transport settings, and its counters on Micrometer. */
final class SipWiring {

    private SipWiring() {}

    static TrunkAccess trunks(DozvonConfig config) {
        List<TrunkAccess.Trunk> trunks = config.sip().trunks().stream()
                .map(t -> new TrunkAccess.Trunk(t.name(), t.allow().stream().map(Cidr::parse).toList(), t.outbound(),
                        t.username(), t.password()))
                .toList();
        return new TrunkAccess(trunks);
    }

    static SipEdge edge(Vertx vertx, DozvonConfig config, Metrics metrics, RedisConnection redis,
                        InboundCalls calls, BiConsumer<String, Boolean> reachability) {
        Map<String, String> passwords = new HashMap<>();
        for (DozvonConfig.Agent a : config.agents()) {
            if (a.password() != null) {
                passwords.put(a.id(), a.password());
            }
        }
        Registrar registrar = new Registrar(passwords,
                new DigestVerifier(config.sip().domain(), Duration.ofMinutes(5), config.sip().digestAlgorithms().stream()
                        .map(a -> DigestAlgorithm.fromConfig(a).orElseThrow()).toList()),
                new RedisRegistrations(redis), Clock.systemUTC(), reachability);
        var settings = new SipTransport.Settings(config.sip().host(), config.sip().port(),
                config.sip().tcpIdleSeconds(), SipEdge.defaultParser());
        var limiter = new SourceRateLimiter(config.sip().rateLimit().perSecond(), config.sip().rateLimit().burst());
        return new SipEdge(vertx, settings, limiter, trunks(config), registrar, calls, new SipEdge.Counters() {
            @Override
            public void message(String direction, String method) {
                metrics.sipMessage(direction, method);
            }

            @Override
            public void parseError() {
                metrics.sipParseError();
            }

            @Override
            public void retransmission() {
                metrics.sipRetransmission();
            }

            @Override
            public void forbiddenSource() {
                metrics.sipForbidden();
            }

            @Override
            public void rateLimited() {
                metrics.sipRateLimited();
            }
        });
    }
}
