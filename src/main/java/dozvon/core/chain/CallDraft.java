package dozvon.core.chain;

import dozvon.core.chain.CallState.Phase;
import dozvon.core.presence.AgentState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mutable working copy of a {@link CallState} for the length of one transition, plus the commands it
 * produces. The primitives here keep the bookkeeping rules in one place: a leg that closes releases its agent
 * once, a timer arming bumps the generation, a trace entry is closed exactly once.
 */
final class CallDraft {

    final InboundCall call;
    Phase phase;
    boolean offHours;
    List<ChainStep> route;
    int stepIndex;
    Instant stepDeadline;
    long pendingClaim;
    TimerId armedTimer;
    long armedGeneration;
    long generation;
    int legCount;
    final List<Leg> legs;
    final List<String> tried;
    String takeLegId;
    String winnerLegId;
    boolean ringingSent;
    boolean offerPublished;
    Instant arrivedAt;
    Instant firstRingAt;
    Instant answeredAt;
    Instant endedAt;
    CallOutcome outcome;
    final List<StepTrace> trace;

    private final List<CallCommand> commands = new ArrayList<>();

    CallDraft(CallState s) {
        call = s.call();
        phase = s.phase();
        offHours = s.offHours();
        route = s.route();
        stepIndex = s.stepIndex();
        stepDeadline = s.stepDeadline();
        pendingClaim = s.pendingClaim();
        armedTimer = s.armedTimer();
        armedGeneration = s.armedGeneration();
        generation = s.generation();
        legCount = s.legCount();
        legs = new ArrayList<>(s.legs());
        tried = new ArrayList<>(s.tried());
        takeLegId = s.takeLegId();
        winnerLegId = s.winnerLegId();
        ringingSent = s.ringingSent();
        offerPublished = s.offerPublished();
        arrivedAt = s.arrivedAt();
        firstRingAt = s.firstRingAt();
        answeredAt = s.answeredAt();
        endedAt = s.endedAt();
        outcome = s.outcome();
        trace = new ArrayList<>(s.trace());
    }

    Transition toTransition() {
        CallState s = new CallState(call, phase, offHours, route, stepIndex, stepDeadline, pendingClaim, armedTimer,
                armedGeneration, generation, legCount, legs, tried, takeLegId, winnerLegId, ringingSent,
                offerPublished, arrivedAt, firstRingAt, answeredAt, endedAt, outcome, trace);
        return new Transition(s, commands);
    }

    void emit(CallCommand c) { commands.add(c); }

    // ---- timers and claims ----

    long nextGeneration() { return ++generation; }

    void armTimer(TimerId id, Duration after) {
        armedTimer = id;
        armedGeneration = nextGeneration();
        emit(new CallCommand.StartTimer(id, armedGeneration, after));
    }

    /** No timer counts any more; whatever fires later is stale. */
    void disarmTimer() {
        armedTimer = null;
        armedGeneration = 0;
    }

    boolean isArmed(TimerId id, long gen) {
        return armedTimer == id && armedGeneration == gen;
    }

    // ---- legs and agents ----

    Optional<Leg> leg(String legId) {
        return legs.stream().filter(l -> l.legId().equals(legId)).findFirst();
    }

    void replace(Leg leg) {
        for (int i = 0; i < legs.size(); i++) {
            if (legs.get(i).legId().equals(leg.legId())) {
                legs.set(i, leg);
                return;
            }
        }
        throw new IllegalStateException("no leg " + leg.legId());
    }

    boolean holds(String agentId) {
        return legs.stream().anyMatch(l -> l.open() && l.isAgent() && l.agentId().equals(agentId));
    }

    List<Leg> openLegs() {
        return legs.stream().filter(Leg::open).toList();
    }

    boolean hasRingingLegs() {
        return legs.stream().anyMatch(Leg::ringing);
    }

    /** Open a leg and send its INVITE. Agents go to {@code tried}: this call will not ring them again. */
    Leg ring(LegKind kind, String agentId, String address, boolean autoAnswer, Instant at) {
        String legId = call.callId() + "-" + (++legCount);
        Leg leg = Leg.started(legId, stepIndex, kind, agentId, address, autoAnswer, at);
        legs.add(leg);
        if (agentId != null && !tried.contains(agentId)) {
            tried.add(agentId);
        }
        traceRang(legId);
        emit(new CallCommand.RingLeg(legId, kind, agentId, address, autoAnswer, call.callerNumber()));
        return leg;
    }

    /**
     * Close a leg with a result. Its agent is released to available unless {@code keepClaim} (the agent took
     * the call from the screen pop and their claim moves on to the take leg).
     */
    void close(Leg leg, LegResult result, Instant at, boolean keepClaim) {
        replace(leg.ended(result, at));
        if (leg.isAgent() && !keepClaim) {
            emit(new CallCommand.ReleaseAgent(leg.agentId(), AgentState.AVAILABLE));
        }
    }

    /** CANCEL every leg still ringing and close it with {@code result}; its agent goes back to available. */
    void cancelRinging(LegResult result, Instant at) {
        for (Leg leg : legs.stream().filter(Leg::ringing).toList()) {
            emit(new CallCommand.CancelLeg(leg.legId()));
            close(leg, result, at, false);
        }
    }

    // ---- routing trace ----

    void traceStart(String target, Instant at) {
        trace.add(StepTrace.started(stepIndex, target, at));
    }

    Optional<StepTrace> runningTrace() {
        return trace.isEmpty() || !trace.get(trace.size() - 1).running()
                ? Optional.empty()
                : Optional.of(trace.get(trace.size() - 1));
    }

    void traceConsider(List<StepTrace.Consideration> considered) {
        runningTrace().ifPresent(t -> trace.set(trace.size() - 1, t.consider(considered)));
    }

    private void traceRang(String legId) {
        runningTrace().ifPresent(t -> trace.set(trace.size() - 1, t.rang(legId)));
    }

    /** Close the running trace entry, if there is one. */
    void traceEnd(StepEnd why, Instant at) {
        runningTrace().ifPresent(t -> trace.set(trace.size() - 1, t.ended(why, at)));
    }
}
