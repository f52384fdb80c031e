package dozvon.edge.ws;

import dozvon.core.chain.ConsoleEvent;
import dozvon.core.port.AgentRoster;
import dozvon.core.port.CallIntercept;
import dozvon.core.port.ConsoleBus;
import dozvon.core.port.Dispositions;
import dozvon.core.port.PresenceStore;
import dozvon.core.presence.AgentProfile;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.AgentStatus;
import dozvon.core.tracking.NumberPlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The agent consoles' and wallboards' WebSockets on this replica, and the fan-out of call events to them.
 *
 * <p>Every call event goes through the {@link ConsoleBus}, also on a single replica: the replica owning a call
 * publishes it ({@link #publish}), and every replica (the owner too) fans it out to its own sockets from the
 * subscription. Takes travel the same way: a take is published, the owner ({@link CallIntercept#owns}) runs it
 * and publishes the result for the replica that asked. All state lives on this verticle's context; socket
 * handlers hop onto it.
 */
public final class ConsoleHub extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(ConsoleHub.class);
    private static final short CLOSE_GOING_AWAY = 1001;
    private static final short CLOSE_POLICY = 1008;
    private static final short CLOSE_TOO_BIG = 1009;
    private static final int MAX_ID = 64;
    private static final int MAX_CATEGORY = 64;
    private static final int MAX_VALUE = 256;
    private static final int MAX_NOTE = 4000;
    /** Ended calls kept for late takes and dispositions, at most (the newest). */
    static final int MAX_ENDED_KEPT = 10_000;

    /** Timings and limits of the sockets. */
    public record Settings(Duration pingEvery, Duration idleTimeout, int maxMessageBytes, Duration takeTimeout,
                           Duration keepEnded) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(20), Duration.ofSeconds(60), 16 * 1024, Duration.ofSeconds(8),
                    Duration.ofHours(2));
        }
    }

    /** A call as the consoles know it, from the bus. */
    private static final class LiveCall {
        final String callId;
        final String group;
        final String caller;
        final String dialed;
        final JsonObject tracking;
        final Instant offeredAt;
        /** The replica the call is on (null from a replica of an older version). */
        String owner;
        JsonObject customer;
        JsonArray history = new JsonArray();
        String takenBy;
        String connectedAgent;
        boolean connected;
        String outcome;
        Instant endedAt;

        LiveCall(String callId, String group, String caller, String dialed, JsonObject tracking, Instant offeredAt) {
            this.callId = callId;
            this.group = group;
            this.caller = caller;
            this.dialed = dialed;
            this.tracking = tracking;
            this.offeredAt = offeredAt;
        }

        boolean open() {
            return takenBy == null && !connected && outcome == null;
        }

        boolean heldBy(String agentId) {
            return outcome == null && (agentId.equals(takenBy) || agentId.equals(connectedAgent));
        }

        boolean workedBy(String agentId) {
            return agentId.equals(takenBy) || agentId.equals(connectedAgent);
        }

        String state() {
            if (outcome != null) {
                return "ended";
            }
            if (connected) {
                return "connected";
            }
            return takenBy != null ? "taken" : "ringing";
        }
    }

    private final class Session {
        final ServerWebSocket ws;
        final AgentTokens.Claims agent; // null for a wallboard
        volatile long lastSeen = System.nanoTime();
        Buffer partial;
        boolean partialText;

        Session(ServerWebSocket ws, AgentTokens.Claims agent) {
            this.ws = ws;
            this.agent = agent;
        }

        /** Closed for not reading fast enough: nothing more is written to it. */
        private boolean droppedAsSlow;

        void send(JsonObject msg) {
            sendText(msg.encode());
        }

        /** A frame already encoded: a fan-out encodes its message once, not once per session. */
        void sendText(String text) {
            if (ws.isClosed() || droppedAsSlow) {
                return;
            }
            if (ws.writeQueueFull()) {
                // once: the close is not immediate, and a burst would log (and try to close) once per frame
                droppedAsSlow = true;
                log.warn("event=ws_slow_consumer agent={}", agent == null ? "wallboard" : agent.agentId());
                ws.close(CLOSE_POLICY, "too slow");
                return;
            }
            ws.writeTextMessage(text);
        }
    }

    private record PendingTake(Session session, String callId, long timer) {}

    private final String replicaId;
    private final Map<String, AgentProfile> agents;
    private final ConsoleBus bus;
    private final PresenceStore presence;
    private final AgentRoster roster;
    private final Dispositions dispositions;
    private final NumberPlan numbers;
    private final AtomicLong sessionsGauge;
    private final Settings settings;
    private final Clock clock;
    private volatile CallIntercept intercept;

    /**
     * Publisher side (the owner's SIP loop): each call in progress it published an offer for, as last told, so
     * the offer can be told again to a replica that was not listening ({@link #resync}).
     */
    private final Map<String, OwnCall> own = new ConcurrentHashMap<>();

    /** A call this replica owns, as its consoles' bus was last told of it. */
    private static final class OwnCall {
        final JsonObject offer;
        volatile String takenBy;
        volatile String connectedAgent;

        OwnCall(JsonObject offer) {
            this.offer = offer;
        }

        String group() {
            return offer.getString("group");
        }
    }

    // ---- state on this verticle's context only
    private final Map<String, LiveCall> calls = new LinkedHashMap<>();
    /** How many calls {@link #calls} holds, for the gauge (read from the scrape's thread). */
    private volatile int knownCalls;
    /** Ended calls still in {@link #calls}, oldest first. */
    private final java.util.ArrayDeque<String> ended = new java.util.ArrayDeque<>();
    private final Map<String, Set<Session>> byAgent = new HashMap<>();
    private final Set<Session> wallboards = new HashSet<>();
    private final Map<String, PendingTake> takes = new HashMap<>();
    private final Map<String, JsonObject> agentStates = new HashMap<>();
    private LocalDate statsDay;
    private int offeredToday;
    private int answeredToday;
    private int missedToday;
    private long heartbeatTimer = -1;
    private volatile Consumer<Duration> offerLatency = d -> { };
    private final ZoneId statsZone;

    public ConsoleHub(String replicaId, List<AgentProfile> agents, ConsoleBus bus, PresenceStore presence,
                      AgentRoster roster, Dispositions dispositions, NumberPlan numbers, AtomicLong sessionsGauge,
                      Settings settings, Clock clock, ZoneId statsZone) {
        this.replicaId = replicaId;
        Map<String, AgentProfile> byId = new LinkedHashMap<>();
        agents.forEach(a -> byId.put(a.id(), a));
        this.agents = byId;
        this.bus = bus;
        this.presence = presence;
        this.roster = roster;
        this.dispositions = dispositions;
        this.numbers = numbers;
        this.sessionsGauge = sessionsGauge;
        this.settings = settings;
        this.clock = clock;
        this.statsZone = statsZone;
    }

    /** Told, once per call, how long after its arrival its screen pop left for this replica's agents. */
    public void setOfferLatency(Consumer<Duration> offerLatency) {
        this.offerLatency = offerLatency;
    }

    /** The call owner's side of takes: set once the SIP edge is up (takes before that find no owner here). */
    public void setIntercept(CallIntercept intercept) {
        this.intercept = intercept;
    }

    @Override
    public Future<?> start() {
        heartbeatTimer = vertx.setPeriodic(settings.pingEvery().toMillis(), id -> heartbeat());
        vertx.setPeriodic(60_000, id -> purge());
        Future<Void> subscribed = Future.fromCompletionStage(bus.subscribe(
                (topic, payload) -> context.runOnContext(v -> onBus(topic, payload)),
                () -> context.runOnContext(v -> {
                    refreshPresence();
                    askForResync();
                })), context);
        // a replica joining while calls ring elsewhere learns of them as one coming back from a lost connection
        return subscribed.onSuccess(v -> {
            refreshPresence();
            askForResync();
        });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(heartbeatTimer);
        List<Session> all = new ArrayList<>(wallboards);
        byAgent.values().forEach(all::addAll);
        all.forEach(s -> s.ws.close(CLOSE_GOING_AWAY, "server stopping"));
        return Future.succeededFuture();
    }

    // ------------------------------------------------------------------------------------ publisher side

    /**
     * From the B2BUA (any thread): the call events of calls this replica owns, onto the bus. Offers get the
     * number plan's tracking here, where the call is.
     */
    public void publish(ConsoleEvent event) {
        JsonObject msg = new JsonObject().put("callId", event.callId()).put("owner", replicaId);
        if (event instanceof ConsoleEvent.Offer o) {
            msg.put("t", "offer").put("group", o.groupId()).put("caller", o.callerNumber())
                    .put("dialed", o.dialedNumber()).put("at", clock.millis())
                    .put("tracking", o.tracking() != null ? CardJson.tracking(o.tracking())
                            : numbers.lookup(o.dialedNumber()).map(ConsoleHub::tracking).orElse(null))
                    .put("customer", CardJson.customer(o.card())).put("history", CardJson.history(o.card()));
            own.put(o.callId(), new OwnCall(msg));
        } else if (event instanceof ConsoleEvent.Taken t) {
            OwnCall c = own.get(t.callId());
            if (c != null) {
                c.takenBy = t.agentId();
            }
            msg.put("t", "taken").put("group", c == null ? null : c.group()).put("agent", t.agentId());
        } else if (event instanceof ConsoleEvent.Connected cn) {
            OwnCall c = own.get(cn.callId());
            if (c != null) {
                c.connectedAgent = cn.agentId();
            }
            msg.put("t", "connected").put("group", c == null ? null : c.group()).put("agent", cn.agentId());
        } else if (event instanceof ConsoleEvent.Ended e) {
            OwnCall c = own.remove(e.callId());
            msg.put("t", "ended").put("group", c == null ? null : c.group()).put("outcome", e.outcome().toString());
        } else {
            return;
        }
        publishCalls(msg.encode(), event.callId());
    }

    private void publishCalls(String payload, String callId) {
        bus.publish(ConsoleBus.Topic.CALLS, payload).whenComplete((v, err) -> {
            if (err != null) {
                log.warn("event=console_publish_failed callId={} error=\"{}\"", callId, err.toString());
            }
        });
    }

    /**
     * A replica (maybe this one) has just (re)subscribed and missed what was said meanwhile: every call in
     * progress here is offered again as it stands now, then the list of them, so it also learns which calls
     * of ours ended while it was not listening.
     */
    private void resync() {
        long at = clock.millis(); // before the list: a call offered after this may be missing from it
        JsonArray open = new JsonArray();
        own.forEach((callId, c) -> {
            JsonObject again = c.offer.copy().put("resync", true).put("takenBy", c.takenBy)
                    .put("connectedAgent", c.connectedAgent);
            publishCalls(again.encode(), callId);
            open.add(callId);
        });
        publishCalls(new JsonObject().put("t", "open").put("callId", "").put("owner", replicaId).put("at", at)
                .put("calls", open).encode(), "");
    }

    /** Asks every replica to tell its calls in progress again: this one may have missed some of their events. */
    private void askForResync() {
        publishCalls(new JsonObject().put("t", "sync").put("callId", "").put("from", replicaId).encode(), "");
    }

    /**
     * From the auto-dialer (any thread): the agent's phone rings for a callback task. Goes over the bus because
     * the agent's console may be on another replica; only that agent's consoles get {@code callback.assigned}.
     */
    public void callbackAssigned(String agentId, String taskId, String phone, String reason, int attempt) {
        JsonObject msg = new JsonObject().put("t", "callback").put("callId", "callback:" + taskId)
                .put("agent", agentId).put("taskId", taskId).put("phone", phone).put("reason", reason)
                .put("attempt", attempt);
        bus.publish(ConsoleBus.Topic.CALLS, msg.encode()).whenComplete((v, err) -> {
            if (err != null) {
                log.warn("event=console_publish_failed task={} error=\"{}\"", taskId, err.toString());
            }
        });
    }

    private static JsonObject tracking(NumberPlan.Entry e) {
        NumberPlan.Tracking t = e.tracking();
        if (t == null) {
            return null;
        }
        return new JsonObject().put("source", t.source()).put("medium", t.medium()).put("campaign", t.campaign());
    }

    // ------------------------------------------------------------------------------------ sockets in

    /** An agent's socket, its token already checked at the upgrade. */
    public void attachAgent(ServerWebSocket ws, AgentTokens.Claims claims) {
        Session s = new Session(ws, claims);
        wire(s);
        context.runOnContext(v -> {
            byAgent.computeIfAbsent(claims.agentId(), k -> new HashSet<>()).add(s);
            sessionsGauge.incrementAndGet();
            log.info("event=ws_open agent={} sessions={}", claims.agentId(), sessionsGauge.get());
            Future.fromCompletionStage(roster.status(claims.agentId()), context).onComplete(ar -> {
                AgentProfile p = agents.get(claims.agentId());
                String state = ar.succeeded() && ar.result().isPresent() ? ar.result().get().state().wire() : "offline";
                s.send(msg("hello").put("agent", new JsonObject().put("id", claims.agentId())
                                .put("name", p == null ? claims.agentId() : p.name()).put("group", claims.group()))
                        .put("presence", state));
                replay(s, state);
            });
        });
    }

    /** A wallboard's socket (admin token checked at the upgrade). */
    public void attachWallboard(ServerWebSocket ws) {
        Session s = new Session(ws, null);
        wire(s);
        context.runOnContext(v -> {
            wallboards.add(s);
            sessionsGauge.incrementAndGet();
            Future.fromCompletionStage(roster.statuses(), context).onComplete(ar -> {
                if (ar.succeeded()) {
                    ar.result().forEach(this::cacheStatus);
                }
                JsonArray agentList = new JsonArray();
                agents.values().forEach(a -> agentList.add(agentJson(a.id())));
                JsonArray callList = new JsonArray();
                calls.values().stream().filter(c -> c.outcome == null).forEach(c -> callList.add(wallCall(c)));
                s.send(msg("snapshot").put("agents", agentList).put("calls", callList).put("today", today()));
            });
        });
    }

    private void wire(Session s) {
        ServerWebSocket ws = s.ws;
        ws.frameHandler(frame -> {
            s.lastSeen = System.nanoTime();
            onFrame(s, frame);
        });
        ws.pongHandler(b -> s.lastSeen = System.nanoTime());
        ws.exceptionHandler(e -> log.debug("event=ws_error error=\"{}\"", e.toString()));
        ws.closeHandler(v -> context.runOnContext(x -> detach(s)));
    }

    private void detach(Session s) {
        boolean removed;
        if (s.agent == null) {
            removed = wallboards.remove(s);
        } else {
            Set<Session> set = byAgent.get(s.agent.agentId());
            removed = set != null && set.remove(s);
            if (set != null && set.isEmpty()) {
                byAgent.remove(s.agent.agentId());
            }
        }
        if (removed) {
            sessionsGauge.decrementAndGet();
            log.info("event=ws_closed agent={} sessions={}", s.agent == null ? "wallboard" : s.agent.agentId(),
                    sessionsGauge.get());
        }
    }

    /** Frames of one message are put together up to the size limit; past it the socket closes with 1009. */
    private void onFrame(Session s, WebSocketFrame frame) {
        if (frame.isClose() || frame.isPing() || frame.type() == io.vertx.core.http.WebSocketFrameType.PONG) {
            return;
        }
        Buffer data = frame.binaryData();
        if (!frame.isContinuation()) {
            s.partial = Buffer.buffer();
            s.partialText = frame.isText();
        } else if (s.partial == null) {
            s.partial = Buffer.buffer();
        }
        if (s.partial.length() + data.length() > settings.maxMessageBytes()) {
            s.partial = null;
            log.info("event=ws_message_too_big agent={}", s.agent == null ? "wallboard" : s.agent.agentId());
            s.ws.close(CLOSE_TOO_BIG, "message larger than " + settings.maxMessageBytes() + " bytes");
            return;
        }
        s.partial.appendBuffer(data);
        if (!frame.isFinal()) {
            return;
        }
        Buffer whole = s.partial;
        boolean text = s.partialText;
        s.partial = null;
        context.runOnContext(v -> {
            if (!text) {
                s.send(error("binary frames are not supported: send JSON text"));
            } else {
                onMessage(s, whole.toString());
            }
        });
    }

    // ------------------------------------------------------------------------------------ agent → server

    private void onMessage(Session s, String text) {
        JsonObject m;
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(text);
            if (!(parsed instanceof JsonObject o)) {
                s.send(error("a message is a JSON object with a \"type\""));
                return;
            }
            m = o;
        } catch (DecodeException e) {
            s.send(error("malformed JSON"));
            return;
        }
        Object type = m.getValue("type");
        if (!(type instanceof String t)) {
            s.send(error("a message needs a string \"type\""));
            return;
        }
        if (s.agent == null) {
            if ("ping".equals(t)) {
                s.send(msg("pong"));
            } else {
                s.send(error("the wallboard only listens"));
            }
            return;
        }
        switch (t) {
            case "ping" -> s.send(msg("pong"));
            case "presence.set" -> presenceSet(s, m);
            case "call.take" -> take(s, m);
            case "call.disposition" -> disposition(s, m);
            default -> s.send(error("unknown message type " + (t.length() > 40 ? t.substring(0, 40) : t)));
        }
    }

    private void presenceSet(Session s, JsonObject m) {
        Object raw = m.getValue("state");
        Optional<AgentState> to = raw instanceof String str ? AgentState.fromWire(str) : Optional.empty();
        if (to.isEmpty() || !(to.get() == AgentState.AVAILABLE || to.get() == AgentState.AWAY
                || to.get() == AgentState.OFFLINE)) {
            s.send(error("state must be available, away or offline").put("field", "state"));
            return;
        }
        String agentId = s.agent.agentId();
        Future.fromCompletionStage(presence.setState(agentId, to.get(), clock.instant()), context).onComplete(ar -> {
            if (ar.failed()) {
                s.send(error("presence is unavailable, try again shortly"));
                return;
            }
            if (ar.result()) {
                sendToAgent(agentId, msg("presence").put("state", to.get().wire()));
                if (to.get() == AgentState.AVAILABLE) {
                    offerOpenCalls(s);
                }
            } else {
                Future.fromCompletionStage(roster.status(agentId), context).onComplete(now -> {
                    String state = now.succeeded() && now.result().isPresent() ? now.result().get().state().wire() : null;
                    s.send(error("presence cannot change while a call holds you").put("state", state));
                });
            }
        });
    }

    private void take(Session s, JsonObject m) {
        String callId = id(m, "callId");
        if (callId == null) {
            s.send(error("callId is required").put("field", "callId"));
            return;
        }
        LiveCall c = calls.get(callId);
        if (c == null || !c.group.equals(s.agent.group())) {
            s.send(error("no such call").put("callId", callId));
            return;
        }
        if (c.outcome != null) {
            s.send(msg("call.ended").put("callId", callId).put("outcome", c.outcome));
            return;
        }
        String me = s.agent.agentId();
        if ((c.takenBy != null && !c.takenBy.equals(me)) || (c.connected && !me.equals(c.connectedAgent))) {
            s.send(msg("call.taken").put("callId", callId).put("by", c.takenBy != null ? c.takenBy : c.connectedAgent));
            return;
        }
        String requestId = UUID.randomUUID().toString();
        long timer = vertx.setTimer(settings.takeTimeout().toMillis(), id -> {
            PendingTake p = takes.remove(requestId);
            if (p != null) {
                p.session().send(error("the call did not answer the take, try again").put("callId", callId));
            }
        });
        takes.put(requestId, new PendingTake(s, callId, timer));
        JsonObject req = new JsonObject().put("t", "take").put("id", requestId).put("callId", callId)
                .put("agent", me).put("from", replicaId);
        bus.publish(ConsoleBus.Topic.TAKES, req.encode()).whenComplete((v, err) -> {
            if (err != null) {
                context.runOnContext(x -> {
                    PendingTake p = takes.remove(requestId);
                    if (p != null) {
                        vertx.cancelTimer(p.timer());
                        s.send(error("could not reach the call, try again").put("callId", callId));
                    }
                });
            }
        });
    }

    private void disposition(Session s, JsonObject m) {
        String callId = id(m, "callId");
        Object category = m.getValue("category");
        Object value = m.getValue("value");
        Object note = m.getValue("note");
        if (callId == null) {
            s.send(error("callId is required").put("field", "callId"));
            return;
        }
        if (!(category instanceof String cat) || cat.isBlank() || cat.length() > MAX_CATEGORY) {
            s.send(error("category is required (at most " + MAX_CATEGORY + " characters)").put("field", "category"));
            return;
        }
        if (value != null && (!(value instanceof String v) || v.length() > MAX_VALUE)) {
            s.send(error("value must be text of at most " + MAX_VALUE + " characters").put("field", "value"));
            return;
        }
        if (note != null && (!(note instanceof String n) || n.length() > MAX_NOTE)) {
            s.send(error("note must be text of at most " + MAX_NOTE + " characters").put("field", "note"));
            return;
        }
        LiveCall c = calls.get(callId);
        String me = s.agent.agentId();
        var d = new Dispositions.Disposition(callId, me, cat.trim(), (String) value, (String) note);
        if (c != null) {
            if (c.workedBy(me)) {
                saveDisposition(s, d);
            } else {
                notYours(s, callId);
            }
            return;
        }
        // a call older than the ended calls kept here: its record says whether this agent answered it
        Future.fromCompletionStage(dispositions.answeredBy(callId, me), context).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("event=disposition_failed callId={} error=\"{}\"", callId, ar.cause().toString());
                s.send(error("the disposition was not saved, try again").put("callId", callId));
            } else if (ar.result()) {
                saveDisposition(s, d);
            } else {
                notYours(s, callId);
            }
        });
    }

    private static void notYours(Session s, String callId) {
        s.send(error("you can file a disposition only for a call you took or answered").put("callId", callId));
    }

    private void saveDisposition(Session s, Dispositions.Disposition d) {
        String callId = d.callId();
        Future.fromCompletionStage(dispositions.save(d), context).onComplete(ar -> {
            if (ar.succeeded()) {
                s.send(msg("disposition.saved").put("callId", callId));
            } else {
                log.warn("event=disposition_failed callId={} error=\"{}\"", callId, ar.cause().toString());
                s.send(error("the disposition was not saved, try again").put("callId", callId));
            }
        });
    }

    // ------------------------------------------------------------------------------------ bus in

    private void onBus(ConsoleBus.Topic topic, String payload) {
        JsonObject m;
        try {
            m = new JsonObject(payload);
        } catch (DecodeException e) {
            log.warn("event=console_bus_garbage topic={}", topic);
            return;
        }
        switch (topic) {
            case CALLS -> onCallEvent(m);
            case TAKES -> onTakeMessage(m);
            case PRESENCE -> onPresence(m);
        }
    }

    private void onCallEvent(JsonObject m) {
        String t = m.getString("t");
        String callId = m.getString("callId");
        if (t == null || callId == null) {
            return;
        }
        if ("sync".equals(t)) {
            resync();
            return;
        }
        if ("open".equals(t)) {
            endCallsNoLongerOpen(m.getString("owner"), m.getLong("at", 0L), m.getJsonArray("calls", new JsonArray()));
            return;
        }
        if ("offer".equals(t) && m.getBoolean("resync", false) && calls.containsKey(callId)) {
            catchUp(calls.get(callId), m);
            return;
        }
        if ("callback".equals(t)) {
            sendToAgent(m.getString("agent", ""), msg("callback.assigned").put("taskId", m.getString("taskId"))
                    .put("phone", m.getString("phone")).put("reason", m.getString("reason"))
                    .put("attempt", m.getInteger("attempt")));
            return;
        }
        rollStats();
        if ("offer".equals(t)) {
            LiveCall c = new LiveCall(callId, m.getString("group"), m.getString("caller"), m.getString("dialed"),
                    m.getJsonObject("tracking"), Instant.ofEpochMilli(m.getLong("at", clock.millis())));
            c.customer = m.getJsonObject("customer");
            c.history = m.getJsonArray("history", new JsonArray());
            c.owner = m.getString("owner");
            // offered again after this replica missed it: as it stands now, taken or answered maybe
            c.takenBy = m.getString("takenBy");
            c.connectedAgent = m.getString("connectedAgent");
            c.connected = c.connectedAgent != null;
            calls.put(callId, c);
            knownCalls = calls.size();
            offeredToday++;
            toWallboards(() -> msg("call").put("call", wallCall(c)));
            if (c.open()) {
                offerToGroup(c);
            }
            return;
        }
        LiveCall c = calls.get(callId);
        if (c == null) {
            return; // offered before this replica subscribed
        }
        switch (t) {
            case "taken" -> {
                c.takenBy = m.getString("agent");
                toGroup(c.group, msg("call.taken").put("callId", callId).put("by", c.takenBy));
            }
            case "connected" -> {
                boolean wasOpen = c.open();
                c.connected = true;
                c.connectedAgent = m.getString("agent");
                answeredToday++;
                // the rest of the group closed the pop on call.taken already; a call answered on a phone
                // (no take) still has its pop open on every screen
                toGroupOrHolders(c, wasOpen, msg("call.connected").put("callId", callId).put("agent", c.connectedAgent));
            }
            case "ended" -> {
                boolean wasOpen = c.open();
                String holder = c.takenBy != null ? c.takenBy : c.connectedAgent;
                c.outcome = m.getString("outcome");
                c.endedAt = clock.instant();
                if ("missed".equals(c.outcome) || "abandoned".equals(c.outcome)) {
                    missedToday++;
                }
                JsonObject ended = msg("call.ended").put("callId", callId).put("outcome", c.outcome);
                if (wasOpen) {
                    toGroup(c.group, ended);
                } else {
                    sendToHolders(c, holder, ended);
                }
            }
            default -> {
                return;
            }
        }
        toWallboards(() -> msg("call").put("call", wallCall(c)).put("today", today()));
        if ("ended".equals(t)) {
            retire(c);
        }
        knownCalls = calls.size();
    }

    /** A call offered again that this replica knew: what it missed of it (a take, an answer) is applied now. */
    private void catchUp(LiveCall c, JsonObject offer) {
        String takenBy = offer.getString("takenBy");
        String connectedAgent = offer.getString("connectedAgent");
        if (takenBy != null && c.takenBy == null) {
            onCallEvent(new JsonObject().put("t", "taken").put("callId", c.callId).put("agent", takenBy));
        }
        if (connectedAgent != null && !c.connected) {
            onCallEvent(new JsonObject().put("t", "connected").put("callId", c.callId).put("agent", connectedAgent));
        }
    }

    /**
     * The owner's calls in progress at {@code at} (its clock), after a resync: its calls this replica still shows
     * and the owner no longer has ended while this replica was not listening. Their outcome was not heard:
     * {@code unknown} (the call's record has it). Only calls offered a second before the list was made: one
     * offered as it was made may be missing from it while very much in progress.
     */
    private void endCallsNoLongerOpen(String owner, long at, JsonArray open) {
        if (owner == null) {
            return;
        }
        Set<String> stillOpen = new HashSet<>();
        open.forEach(id -> stillOpen.add(String.valueOf(id)));
        List<String> gone = new ArrayList<>();
        calls.values().forEach(c -> {
            if (owner.equals(c.owner) && c.outcome == null && !stillOpen.contains(c.callId)
                    && c.offeredAt.toEpochMilli() < at - 1000) {
                gone.add(c.callId);
            }
        });
        gone.forEach(id -> onCallEvent(new JsonObject().put("t", "ended").put("callId", id).put("outcome", "unknown")));
    }

    /** Calls in progress and recently ended ones this replica's consoles know of (dozvon_console_calls). */
    public int knownCalls() {
        return knownCalls;
    }

    /**
     * An ended call stays known for a while (a late take is told it ended; its agent files a disposition
     * after it), but without its caller card, and only the most recent {@link #MAX_ENDED_KEPT}: at a thousand
     * calls a second the two hours of {@code keepEnded} were seven million calls with their cards, which grew
     * the heap until the collector took the SIP loop's time.
     */
    private void retire(LiveCall c) {
        c.customer = null;
        c.history = new JsonArray();
        ended.add(c.callId);
        while (ended.size() > MAX_ENDED_KEPT) {
            String oldest = ended.poll();
            LiveCall old = calls.get(oldest);
            if (old != null && old.outcome != null) {
                calls.remove(oldest);
            }
        }
    }

    /** To every connected agent of the group who is free for it: available, or already rung for this call. */
    private void offerToGroup(LiveCall c) {
        List<String> here = new ArrayList<>();
        byAgent.keySet().forEach(id -> {
            AgentProfile p = agents.get(id);
            if (p != null && p.group().equals(c.group)) {
                here.add(id);
            }
        });
        if (here.isEmpty()) {
            return;
        }
        // from the presence heard on the bus when it knows every agent here: a call no longer reads the whole
        // roster from Redis (a thousand agents per call at a large floor)
        List<String> free = new ArrayList<>();
        for (String id : here) {
            Boolean ok = cachedFreeFor(id, c.callId);
            if (ok == null) {
                offerFromStore(c);
                return;
            }
            if (ok) {
                free.add(id);
            }
        }
        if (!free.isEmpty()) {
            String text = offer(c).encode();
            free.forEach(id -> sendText(byAgent.get(id), text));
            offerLatency.accept(Duration.ofMillis(Math.max(0, clock.millis() - c.offeredAt.toEpochMilli())));
        }
    }

    private void offerFromStore(LiveCall c) {
        Future.fromCompletionStage(roster.statuses(), context).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("event=offer_presence_failed callId={} error=\"{}\"", c.callId, ar.cause().toString());
                return;
            }
            if (!c.open()) {
                return; // taken or over while we asked
            }
            boolean sent = false;
            String text = offer(c).encode();
            for (AgentStatus st : ar.result()) {
                cacheStatus(st);
                Set<Session> sessions = byAgent.get(st.agentId());
                if (sessions != null && c.group.equals(st.group()) && freeFor(st, c.callId)) {
                    sendText(sessions, text);
                    sent = true;
                }
            }
            if (sent) {
                offerLatency.accept(Duration.ofMillis(Math.max(0, clock.millis() - c.offeredAt.toEpochMilli())));
            }
        });
    }

    private static boolean freeFor(AgentStatus st, String callId) {
        return st.state() == AgentState.AVAILABLE || callId.equals(st.callId());
    }

    private void onTakeMessage(JsonObject m) {
        String t = m.getString("t");
        if ("take".equals(t)) {
            CallIntercept owner = intercept;
            String callId = m.getString("callId");
            String agent = m.getString("agent");
            if (owner == null || callId == null || agent == null || !owner.owns(callId)) {
                return;
            }
            Future.fromCompletionStage(owner.take(callId, agent), context).onComplete(ar -> {
                boolean ok = ar.succeeded() && Boolean.TRUE.equals(ar.result());
                if (ar.failed()) {
                    log.warn("event=take_failed callId={} agent={} error=\"{}\"", callId, agent, ar.cause().toString());
                }
                JsonObject result = new JsonObject().put("t", "result").put("id", m.getString("id"))
                        .put("to", m.getString("from")).put("callId", callId).put("ok", ok);
                bus.publish(ConsoleBus.Topic.TAKES, result.encode());
            });
        } else if ("result".equals(t) && replicaId.equals(m.getString("to"))) {
            PendingTake p = takes.remove(m.getString("id", ""));
            if (p == null) {
                return;
            }
            vertx.cancelTimer(p.timer());
            if (!m.getBoolean("ok", false)) {
                LiveCall c = calls.get(p.callId());
                JsonObject err = error("the call was not yours to take").put("callId", p.callId());
                if (c != null && c.takenBy != null) {
                    err.put("by", c.takenBy);
                }
                p.session().send(err);
            }
            // success: the owner's call.taken reaches every console of the group, the taker's too
        }
    }

    private void onPresence(JsonObject m) {
        String agentId = m.getString("agent");
        String state = m.getString("state");
        if (agentId == null || state == null) {
            return;
        }
        JsonObject previous = agentStates.get(agentId);
        JsonObject now = new JsonObject().put("state", state).put("since", m.getValue("since"))
                .put("reachable", m.getValue("reachable")).put("call", m.getString("call", ""))
                .put("wrapUntil", m.getLong("wrapUntil", 0L));
        agentStates.put(agentId, now);
        if (previous == null || !state.equals(previous.getString("state"))) {
            sendToAgent(agentId, msg("presence").put("state", state));
            if ("available".equals(state)) {
                Set<Session> sessions = byAgent.get(agentId);
                if (sessions != null) {
                    // only the open offers: a call this agent held is over for it (the presence change can
                    // arrive before the owner's "ended", and must not bring the finished call back on screen)
                    sessions.forEach(this::offerOpenCalls);
                }
            }
        }
        if (agents.containsKey(agentId)) {
            toWallboards(() -> msg("agent").put("agent", agentJson(agentId)));
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private void offerOpenCalls(Session s) {
        for (LiveCall c : calls.values()) {
            if (c.group.equals(s.agent.group()) && c.open()) {
                s.send(offer(c));
            }
        }
    }

    /** What a (re)connecting agent missed: its own call in progress, and open offers if it is free. */
    private void replay(Session s, String state) {
        String me = s.agent.agentId();
        for (LiveCall c : calls.values()) {
            if (!c.group.equals(s.agent.group())) {
                continue;
            }
            if (c.heldBy(me)) {
                s.send(offer(c));
                if (c.takenBy != null) {
                    s.send(msg("call.taken").put("callId", c.callId).put("by", c.takenBy));
                }
                if (c.connected) {
                    s.send(msg("call.connected").put("callId", c.callId).put("agent", c.connectedAgent));
                }
            } else if (c.open() && "available".equals(state)) {
                s.send(offer(c));
            }
        }
    }

    private JsonObject offer(LiveCall c) {
        return msg("call.offer").put("callId", c.callId).put("caller", c.caller).put("dialed", c.dialed)
                .put("customer", c.customer).put("tracking", c.tracking).put("history", c.history)
                .put("offeredAt", c.offeredAt.toString());
    }

    private JsonObject wallCall(LiveCall c) {
        return new JsonObject().put("callId", c.callId).put("group", c.group).put("caller", c.caller)
                .put("dialed", c.dialed).put("tracking", c.tracking).put("state", c.state())
                .put("agent", c.connectedAgent != null ? c.connectedAgent : c.takenBy)
                .put("since", c.offeredAt.toString()).put("outcome", c.outcome);
    }

    private void cacheStatus(AgentStatus st) {
        agentStates.put(st.agentId(), new JsonObject().put("state", st.state().wire())
                .put("since", st.since().toEpochMilli()).put("reachable", st.reachable())
                .put("call", st.callId() == null ? "" : st.callId()).put("wrapUntil", 0L));
    }

    /**
     * Whether an agent may get this call's pop, from the presence this hub heard (the store publishes every
     * change; the cache is reloaded at start and after the bus reconnects). Null when the hub has not heard of
     * the agent yet. A wrap-up whose time is over counts as available: the store settles it lazily.
     */
    private Boolean cachedFreeFor(String agentId, String callId) {
        JsonObject st = agentStates.get(agentId);
        if (st == null) {
            return null;
        }
        String state = st.getString("state");
        long wrapUntil = st.getLong("wrapUntil", 0L);
        return "available".equals(state) || callId.equals(st.getString("call"))
                || ("wrap_up".equals(state) && wrapUntil > 0 && wrapUntil <= clock.millis());
    }

    private JsonObject agentJson(String agentId) {
        AgentProfile p = agents.get(agentId);
        JsonObject st = agentStates.get(agentId);
        JsonObject out = new JsonObject().put("id", agentId).put("name", p == null ? agentId : p.name())
                .put("group", p == null ? null : p.group());
        if (st != null) {
            Object since = st.getValue("since");
            out.put("state", st.getString("state")).put("reachable", st.getValue("reachable"))
                    .put("since", since instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : null);
        } else {
            out.put("state", "offline");
        }
        return out;
    }

    private void refreshPresence() {
        Future.fromCompletionStage(roster.statuses(), context).onSuccess(list -> {
            list.forEach(this::cacheStatus);
            if (!wallboards.isEmpty()) {
                agents.keySet().forEach(id -> toWallboards(() -> msg("agent").put("agent", agentJson(id))));
            }
        });
    }

    private void rollStats() {
        LocalDate day = LocalDate.now(clock.withZone(statsZone));
        if (!day.equals(statsDay)) {
            statsDay = day;
            offeredToday = 0;
            answeredToday = 0;
            missedToday = 0;
        }
    }

    private JsonObject today() {
        rollStats();
        return new JsonObject().put("offered", offeredToday).put("answered", answeredToday).put("missed", missedToday);
    }

    /**
     * Frames about a call go to the whole group while its pop is open on every screen; once someone has it,
     * only to the agent(s) holding it (at 1,000 agents that halves the frames per call).
     */
    private void toGroupOrHolders(LiveCall c, boolean open, JsonObject msg) {
        if (open) {
            toGroup(c.group, msg);
        } else {
            sendToHolders(c, c.takenBy, msg);
        }
    }

    private void sendToHolders(LiveCall c, String first, JsonObject msg) {
        String text = msg.encode();
        Set<String> holders = new HashSet<>();
        for (String a : new String[] {first, c.takenBy, c.connectedAgent}) {
            if (a != null && holders.add(a)) {
                Set<Session> sessions = byAgent.get(a);
                if (sessions != null) {
                    sendText(sessions, text);
                }
            }
        }
    }

    private void toGroup(String group, JsonObject msg) {
        String text = msg.encode();
        byAgent.forEach((agentId, sessions) -> {
            AgentProfile p = agents.get(agentId);
            if (p != null && p.group().equals(group)) {
                sessions.forEach(s -> s.sendText(text));
            }
        });
    }

    private void sendToAgent(String agentId, JsonObject msg) {
        Set<Session> sessions = byAgent.get(agentId);
        if (sessions != null) {
            sendText(sessions, msg.encode());
        }
    }

    private static void sendText(Set<Session> sessions, String text) {
        sessions.forEach(s -> s.sendText(text));
    }

    /** Built only when a wallboard is watching: most replicas, most of the time, have none. */
    private void toWallboards(java.util.function.Supplier<JsonObject> msg) {
        if (!wallboards.isEmpty()) {
            String text = msg.get().encode();
            wallboards.forEach(s -> s.sendText(text));
        }
    }

    private void heartbeat() {
        long now = System.nanoTime();
        long idle = settings.idleTimeout().toNanos();
        List<Session> all = new ArrayList<>(wallboards);
        byAgent.values().forEach(all::addAll);
        for (Session s : all) {
            if (now - s.lastSeen > idle) {
                s.ws.close(CLOSE_GOING_AWAY, "idle");
            } else if (!s.ws.isClosed()) {
                s.ws.writePing(Buffer.buffer("hb"));
            }
        }
    }

    private void purge() {
        Instant cutoff = clock.instant().minus(settings.keepEnded());
        calls.values().removeIf(c -> c.endedAt != null && c.endedAt.isBefore(cutoff));
        // calls whose end we never heard (an owner died) go after a day
        Instant stale = clock.instant().minus(Duration.ofDays(1));
        calls.values().removeIf(c -> c.offeredAt.isBefore(stale));
        knownCalls = calls.size();
    }

    private static String id(JsonObject m, String field) {
        Object v = m.getValue(field);
        if (!(v instanceof String s) || s.isBlank() || s.length() > MAX_ID) {
            return null;
        }
        return s;
    }

    private static JsonObject msg(String type) {
        return new JsonObject().put("type", type);
    }

    private static JsonObject error(String text) {
        return msg("error").put("error", text);
    }

    /** For tests and the drain: sockets open on this replica. */
    public Future<Integer> sessionCount() {
        Promise<Integer> p = Promise.promise();
        context.runOnContext(v -> p.complete(wallboards.size() + byAgent.values().stream().mapToInt(Set::size).sum()));
        return p.future();
    }
}
