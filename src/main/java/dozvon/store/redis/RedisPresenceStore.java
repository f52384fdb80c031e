package dozvon.store.redis;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.StepTarget;
import dozvon.core.port.AgentRoster;
import dozvon.core.port.PresenceStore;
import dozvon.core.presence.AgentHold;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.AgentStatus;
import dozvon.core.presence.ClaimResult;
import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.PresenceRules;
import dozvon.core.presence.SkipReason;
import dozvon.core.presence.SkippedAgent;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * Presence in Redis, shared by all replicas. Every change is one Lua script (see the {@code .lua} files beside
 * this class in resources), so a claim reads and moves agents atomically: two calls on two replicas never
 * claim the same agent. Each change is published on {@code <prefix>presence} as
 * {@code {"agent":..,"state":..,"since":<epoch ms>,"reachable":..}}.
 *
 * <p>Keys under the run's prefix: {@code agent:<id>} (hash), {@code group:<id>} (set of agent ids),
 * {@code agents} (set of all agent ids), {@code replica:<id>} (heartbeat with a TTL, see
 * {@link ReplicaHeartbeat}). Times ("since", wrap-up expiry) come from Redis' clock, not the replicas'.
 */
public final class RedisPresenceStore implements PresenceStore, AgentRoster {

    private static final LuaScript CLAIM = LuaScript.withCommon("claim");
    private static final LuaScript TAKE = LuaScript.withCommon("take");
    private static final LuaScript RELEASE = LuaScript.withCommon("release");
    private static final LuaScript ON_CALL = LuaScript.withCommon("on_call");
    private static final LuaScript SET_STATE = LuaScript.withCommon("set_state");
    private static final LuaScript SNAPSHOT = LuaScript.withCommon("snapshot");
    private static final LuaScript AGENT = LuaScript.withCommon("agent");
    /** Agents per snapshot script: a few milliseconds of Redis' time at most, so claims never wait longer. */
    static final int SNAPSHOT_PAGE = 200;
    private static final LuaScript SYNC_AGENT = LuaScript.withCommon("sync_agent");
    private static final LuaScript FORGET_AGENT = LuaScript.withCommon("forget_agent");
    private static final LuaScript SET_REACHABLE = LuaScript.withCommon("set_reachable");
    private static final List<LuaScript> ALL = List.of(CLAIM, TAKE, RELEASE, ON_CALL, SET_STATE, SNAPSHOT, AGENT,
            SYNC_AGENT, FORGET_AGENT, SET_REACHABLE);

    private final RedisConnection redis;
    private final String replicaId;
    private final Duration wrapUp;
    private final Duration heartbeatTtl;

    /**
     * @param replicaId    this replica's id, recorded with each claim (its heartbeat must be kept by a
     *                     {@link ReplicaHeartbeat} with the same id)
     * @param wrapUp       {@code telephony.wrapUpSeconds}
     * @param heartbeatTtl the heartbeat's TTL; a claim creates the heartbeat key with it if it is missing
     */
    public RedisPresenceStore(RedisConnection redis, String replicaId, Duration wrapUp, Duration heartbeatTtl) {
        this.redis = redis;
        this.replicaId = replicaId;
        this.wrapUp = wrapUp;
        this.heartbeatTtl = heartbeatTtl;
    }

    public RedisPresenceStore(RedisConnection redis, String replicaId, Duration wrapUp) {
        this(redis, replicaId, wrapUp, ReplicaHeartbeat.DEFAULT_TTL);
    }

    public String replicaId() {
        return replicaId;
    }

    /** SCRIPT LOAD of every script, at start (scripts also load on demand after a NOSCRIPT). */
    public Future<Void> loadScripts() {
        return Future.all(ALL.stream().map(s -> s.load(redis)).toList()).mapEmpty();
    }

    /**
     * Brings the configured agents into Redis at start: group membership and contacts follow the config,
     * agents seen for the first time start available (reachable at once with a static contact, else once
     * their phone registers), states of known agents are left as they are, and agents no longer configured
     * are removed.
     */
    public Future<Void> syncAgents(List<AgentInfo> agents) {
        Set<String> configured = new HashSet<>();
        List<Future<Response>> writes = new ArrayList<>();
        for (AgentInfo a : agents) {
            configured.add(a.id());
            writes.add(run(SYNC_AGENT, a.id(), a.group(), a.contact(), a.staticContact() ? "1" : "0"));
        }
        return Future.all(writes)
                .compose(v -> redis.client().send(Request.cmd(Command.SMEMBERS).arg(redis.key("agents"))))
                .compose(members -> {
                    List<Future<Response>> removals = new ArrayList<>();
                    for (Response m : members) {
                        if (!configured.contains(m.toString())) {
                            removals.add(run(FORGET_AGENT, m.toString()));
                        }
                    }
                    return Future.all(removals);
                })
                .mapEmpty();
    }

    /** The registrar: an agent's phone registered (true) or its last binding went (false). */
    public Future<Void> setReachable(String agentId, boolean reachable) {
        return run(SET_REACHABLE, agentId, reachable ? "1" : "0", "register").mapEmpty();
    }

    /** Qualifying: an agent's static phone answered an OPTIONS (true) or did not (false). */
    public Future<Void> setQualified(String agentId, boolean reachable) {
        return run(SET_REACHABLE, agentId, reachable ? "1" : "0", "qualify").mapEmpty();
    }

    @Override
    public CompletionStage<ClaimResult> claim(CallCommand.ClaimTargets request) {
        List<String> args = new ArrayList<>(List.of(request.callId(), replicaId, mode(request.target()),
                request.groupId() == null ? "" : request.groupId(), named(request), ttlMillis()));
        args.addAll(request.alreadyTried());
        return run(CLAIM, args).map(RedisPresenceStore::claimResult).toCompletionStage();
    }

    @Override
    public CompletionStage<Optional<ClaimedAgent>> claimForTake(String callId, String agentId) {
        return run(TAKE, callId, agentId, replicaId, ttlMillis())
                .map(r -> r == null ? Optional.<ClaimedAgent>empty() : Optional.of(new ClaimedAgent(agentId, r.toString())))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Void> release(String callId, String agentId, AgentState to) {
        if (to != AgentState.AVAILABLE && to != AgentState.WRAP_UP) {
            throw new IllegalArgumentException("an agent is released to available or wrap_up, not " + to);
        }
        return run(RELEASE, callId, agentId, to.wire(), Long.toString(wrapUp.toMillis())).<Void>mapEmpty()
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Void> markOnCall(String callId, String agentId) {
        return run(ON_CALL, callId, agentId).<Void>mapEmpty().toCompletionStage();
    }

    /** {@code at} is not used: "since" comes from Redis' clock, so all replicas order idleness alike. */
    @Override
    public CompletionStage<Boolean> setState(String agentId, AgentState to, Instant at) {
        List<String> args = new ArrayList<>(List.of(agentId, to.wire()));
        // The rule stays in PresenceRules: the script is told which current states may be left for `to`.
        Arrays.stream(AgentState.values()).filter(from -> PresenceRules.agentMaySet(from, to))
                .forEach(from -> args.add(from.wire()));
        return run(SET_STATE, args).map(r -> r.toInteger() == 1).toCompletionStage();
    }

    /**
     * Every agent with state and since, and the counts per state. Also settles lapsed holds (expired wrap-up,
     * dead replicas), which makes it the periodic sweep too ({@link PresenceSweep}).
     */
    public Future<PresenceSnapshot> snapshot() {
        Map<String, AgentStatus> agents = new TreeMap<>();
        Map<String, AgentHold> holds = new TreeMap<>();
        return snapshotFrom("0", agents, holds)
                .map(v -> PresenceSnapshot.of(new ArrayList<>(agents.values()), new ArrayList<>(holds.values())));
    }

    /** Reads the page at {@code cursor} and every page after it (a script per page: Redis serves claims between). */
    private Future<Void> snapshotFrom(String cursor, Map<String, AgentStatus> agents, Map<String, AgentHold> holds) {
        return run(SNAPSHOT, cursor, Integer.toString(SNAPSHOT_PAGE)).compose(r -> {
            for (int i = 1; i + 6 < r.size(); i += 7) {
                AgentStatus a = agentAt(r, i);
                String id = a.agentId();
                String replica = r.get(i + 6).toString();
                agents.put(id, a);
                if (a.callId() != null && !replica.isEmpty()) {
                    holds.put(id, new AgentHold(id, a.callId(), replica));
                } else {
                    holds.remove(id); // seen again on a later page, no longer held
                }
            }
            String next = r.get(0).toString();
            return "0".equals(next) ? Future.succeededFuture() : snapshotFrom(next, agents, holds);
        });
    }

    @Override
    public CompletionStage<List<AgentStatus>> statuses() {
        return snapshot().map(PresenceSnapshot::agents).toCompletionStage();
    }

    /** The agent alone, its lapsed hold settled first (as the snapshot does), so the answer is never stale. */
    @Override
    public CompletionStage<Optional<AgentStatus>> status(String agentId) {
        return run(AGENT, agentId).map(r -> r.size() < 7 ? Optional.<AgentStatus>empty() : Optional.of(agentAt(r, 0)))
                .toCompletionStage();
    }

    /** The agent in the seven fields from {@code i}: id, state, since, reachable, group, call, replica. */
    private static AgentStatus agentAt(Response r, int i) {
        String call = r.get(i + 5).toString();
        return new AgentStatus(r.get(i).toString(), r.get(i + 4).toString(),
                AgentState.fromWire(r.get(i + 1).toString()).orElse(AgentState.OFFLINE),
                Instant.ofEpochMilli(Long.parseLong(r.get(i + 2).toString())),
                "1".equals(r.get(i + 3).toString()), call.isEmpty() ? null : call);
    }

    private Future<Response> run(LuaScript script, String... args) {
        return run(script, List.of(args));
    }

    private Future<Response> run(LuaScript script, List<String> args) {
        List<String> all = new ArrayList<>(args.size() + 1);
        all.add(redis.key(""));
        all.addAll(args);
        return script.run(redis, all);
    }

    private String ttlMillis() {
        return Long.toString(heartbeatTtl.toMillis());
    }

    private static String mode(StepTarget target) {
        if (target instanceof StepTarget.Next) {
            return "next";
        } else if (target instanceof StepTarget.PersonalOrNext) {
            return "personal";
        } else if (target instanceof StepTarget.AllFree) {
            return "all";
        } else if (target instanceof StepTarget.Agent) {
            return "agent";
        }
        throw new IllegalArgumentException("target " + target + " is dialled, not claimed");
    }

    private static String named(CallCommand.ClaimTargets request) {
        if (request.target() instanceof StepTarget.Agent a) {
            return a.agentId();
        }
        if (request.target() instanceof StepTarget.PersonalOrNext && request.personalManagerId() != null) {
            return request.personalManagerId();
        }
        return "";
    }

    private static ClaimResult claimResult(Response r) {
        Response claimedFlat = r.get(0);
        Response skippedFlat = r.get(1);
        List<ClaimedAgent> claimed = new ArrayList<>();
        for (int i = 0; i + 1 < claimedFlat.size(); i += 2) {
            claimed.add(new ClaimedAgent(claimedFlat.get(i).toString(), claimedFlat.get(i + 1).toString()));
        }
        List<SkippedAgent> skipped = new ArrayList<>();
        for (int i = 0; i + 1 < skippedFlat.size(); i += 2) {
            skipped.add(new SkippedAgent(skippedFlat.get(i).toString(), skipReason(skippedFlat.get(i + 1).toString())));
        }
        return new ClaimResult(claimed, skipped);
    }

    private static SkipReason skipReason(String wire) {
        return Arrays.stream(SkipReason.values()).filter(s -> s.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalStateException("claim script gave an unknown reason " + wire));
    }
}
