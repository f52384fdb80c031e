package dozvon.app;

import dozvon.app.config.DozvonConfig;
import dozvon.core.chain.CallCommand;
import dozvon.core.chain.ConsoleEvent;
import dozvon.core.port.CallRecords;
import dozvon.core.port.PresenceStore;
import dozvon.core.port.Registrations;
import dozvon.core.callback.CallbackBook;
import dozvon.core.port.CallbackTasks;
import dozvon.core.port.PersonalManagers;
import dozvon.edge.sip.b2bua.B2bua;
import dozvon.edge.sip.b2bua.CallbackDialer;
import dozvon.edge.sip.b2bua.StaticContactQualifier;
import dozvon.edge.sip.b2bua.DialerSettings;
import dozvon.edge.ws.ConsoleHub;
import dozvon.edge.sip.b2bua.B2buaSettings;
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
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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

    /** How the B2BUA, the dialer and the qualifier name themselves and reach out: one for all three. */
    private static B2buaSettings settings(DozvonConfig config, int port) {
        Optional<TrunkAccess.Trunk> outbound = trunks(config).trunks().stream().filter(t -> t.outbound() != null)
                .findFirst();
        return new B2buaSettings(config.sip().advertised(), port, config.sip().domain(), outbound,
                Duration.ofMillis(config.sip().claimTimeoutMillis()));
    }

    static B2bua b2bua(SipEdge sip, DozvonConfig config, int port, PresenceStore presence, Registrations registrations,
                       CallRecords records, Metrics metrics, Consumer<ConsoleEvent> consoles) {
        var settings = settings(config, port);
        B2bua b2bua = new B2bua(sip.context(), sip.transactions(), settings, RoutingConfig.numbers(config),
                RoutingConfig.blacklist(config), RoutingConfig.routes(config), presence, registrations, records,
                consoles, new B2bua.Observer() {
                    @Override
                    public void callSetup(Duration d) {
                        metrics.callSetup(d);
                    }

                    @Override
                    public void answerWait(Duration d) {
                        metrics.answerWait(d);
                    }

                    @Override
                    public void callEnded(CallCommand.Record record) {
                        metrics.callEnded(record.call().outcome().toString());
                        record.trace().forEach(step -> {
                            if (step.endedBy() != null) {
                                metrics.chainStepEnded(step.endedBy().wire());
                            }
                        });
                    }

                    @Override
                    public void activeCalls(int count) {
                        metrics.callsActive().set(count);
                    }

                    @Override
                    public void claimTimedOut() {
                        metrics.claimTimedOut();
                    }
                }, Clock.systemUTC());
        b2bua.setMaxPendingClaims(config.sip().maxPendingClaims());
        metrics.admission(b2bua::pendingClaims, sip::loopLagNanos, sip::udpBacklogNanos);
        return b2bua;
    }

    /** OPTIONS to the agents with a static contact, when {@code sip.qualify.everySeconds} is set; else null. */
    static StaticContactQualifier qualifier(SipEdge sip, DozvonConfig config, int port,
                                            BiConsumer<String, Boolean> reachable) {
        var q = config.sip().qualify();
        Map<String, String> statics = new java.util.LinkedHashMap<>();
        config.agents().stream().filter(a -> a.contact() != null).forEach(a -> statics.put(a.id(), a.contact()));
        if (q.everySeconds() == 0 || statics.isEmpty()) {
            return null;
        }
        return new StaticContactQualifier(sip.context(), sip.transactions(), settings(config, port), statics,
                Duration.ofSeconds(q.everySeconds()), Duration.ofMillis(q.timeoutMillis()), reachable);
    }

    /**
     * The auto-dialer: callback tasks' attempts over the same SIP stack, its assignments to the agents' consoles;
     * {@code managers} says whom to ring first for a customer (their personal manager).
     */
    static CallbackDialer dialer(SipEdge sip, DozvonConfig config, int port, String replicaId, PresenceStore presence,
                                 Registrations registrations, CallbackTasks tasks, CallbackBook book,
                                 CallRecords records, ConsoleHub consoles, Metrics metrics,
                                 PersonalManagers managers) {
        var sipSettings = settings(config, port);
        Map<String, String> callerIds = new HashMap<>();
        for (DozvonConfig.NumberEntry n : config.numbers()) {
            String first = n.number() != null ? n.number()
                    : n.numbers() != null && !n.numbers().isEmpty() ? n.numbers().get(0) : null;
            if (first != null && n.group() != null) {
                callerIds.putIfAbsent(n.group(), first);
            }
        }
        DozvonConfig.Callbacks c = config.callbacks();
        var settings = new DialerSettings(replicaId, Duration.ofSeconds(c.ringSeconds()),
                Duration.ofSeconds(c.pollSeconds()), 50, callerIds);
        return new CallbackDialer(sip.context(), sip.transactions(), sipSettings, settings, tasks, book, presence,
                registrations, managers, records,
                (agent, task, attempt) -> consoles.callbackAssigned(agent, task.id(), task.phone(), task.label(), attempt),
                metrics::callbackAttempt, Clock.systemUTC());
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
        SipEdge edge = new SipEdge(vertx, settings, limiter, trunks(config), registrar, calls, new SipEdge.Counters() {
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

            @Override
            public void overloaded() {
                metrics.callsRefusedOverload();
            }
        });
        edge.setMaxActiveCalls(config.sip().maxActiveCalls());
        edge.setMaxLoopLagMillis(config.sip().maxLoopLagMillis());
        return edge;
    }
}
