package dozvon.core.chain;

import dozvon.core.chain.CallState.Phase;
import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.SkipReason;
import dozvon.core.presence.SkippedAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays a random but plausible life of one call against the machine, with a model of the presence store
 * standing in for Redis: the store claims only free agents, and the model checks every release is of an agent
 * the call holds. Observations are collected for the properties to assert on.
 */
final class CallSimulation {

    static final List<String> AGENTS = List.of("anna", "boris", "vera", "gleb", "dina");

    enum Kind { CLAIM, STALE_CLAIM, RINGING, ANSWER, FAIL, HANG_UP, END, FIRE_ARMED, FIRE_STALE, TAKE, ADVANCE, OFFER_AGAIN }

    record Action(Kind kind, int x, int y) {}

    record Scenario(List<ChainStep> chain, List<ChainStep> offHoursChain, boolean open, String personalManager,
                    String headMobile, Set<String> busyElsewhere, List<Action> actions) {}

    final CallMachine machine = new CallMachine(Duration.ofSeconds(7));
    CallState state;
    Instant now = CallHarness.T0;
    final List<CallCommand> commands = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    /** Agents the store model holds for this call (claimed, not yet released). */
    final Set<String> held = new LinkedHashSet<>();
    final Map<String, Integer> releases = new HashMap<>();
    final Map<String, Integer> claims = new HashMap<>();
    final List<String> legIds = new ArrayList<>();
    private final Set<String> busyElsewhere;
    private final Set<String> rungByChain = new LinkedHashSet<>();

    CallSimulation(Scenario s) {
        this.busyElsewhere = s.busyElsewhere();
        this.state = CallMachine.newCall(new InboundCall("c9", "+79031234567", "+74950000000", "sales", s.chain(),
                s.offHoursChain(), s.personalManager(), s.headMobile(), s.open()));
    }

    static CallSimulation run(Scenario s) {
        CallSimulation sim = new CallSimulation(s);
        sim.feed(new CallEvent.Offered(sim.now));
        for (Action a : s.actions()) {
            sim.act(a);
        }
        sim.finish();
        return sim;
    }

    /** Whatever state the call is in, hang up the way a real call would end, so it is over. */
    void finish() {
        if (!state.ended()) {
            feed(state.phase() == Phase.CONNECTED ? new CallEvent.CallEnded(now) : new CallEvent.CallerHungUp(now));
        }
    }

    void act(Action a) {
        switch (a.kind()) {
            case CLAIM -> {
                if (state.pendingClaim() != 0) {
                    answerClaim(lastClaim(), a.x());
                }
            }
            case STALE_CLAIM -> {
                List<String> free = freeAgents(Set.of());
                if (!free.isEmpty()) {
                    String agent = free.get(a.x() % free.size());
                    claimInStore(agent);
                    long attempt = state.pendingClaim() == 0 ? 1 + a.y() : state.pendingClaim() + 1 + a.y();
                    feed(new CallEvent.TargetsClaimed(Math.max(0, state.stepIndex()), attempt,
                            List.of(new ClaimedAgent(agent, "sip:" + agent)), List.of(), now));
                }
            }
            case RINGING -> feed(new CallEvent.LegRinging(pickLeg(a.x(), a.y()), now));
            case ANSWER -> feed(new CallEvent.LegAnswered(pickLeg(a.x(), a.y()), now));
            case FAIL -> feed(new CallEvent.LegFailed(pickLeg(a.x(), a.y()), LegFailure.values()[a.y() % 4], now));
            case HANG_UP -> feed(new CallEvent.CallerHungUp(now));
            case END -> feed(new CallEvent.CallEnded(now));
            case FIRE_ARMED -> {
                if (state.armedTimer() != null) {
                    feed(new CallEvent.TimerFired(state.armedTimer(), state.armedGeneration(), now));
                }
            }
            case FIRE_STALE -> feed(new CallEvent.TimerFired(TimerId.values()[a.y() % 2],
                    a.x() % Math.max(1, state.generation() + 2), now));
            case TAKE -> {
                String agent = AGENTS.get(a.x() % AGENTS.size());
                // The shell's claimForTake: free agents are claimed; one this call holds is already ours.
                if (held.contains(agent) || (!busyElsewhere.contains(agent))) {
                    if (!held.contains(agent)) {
                        claimInStore(agent);
                    }
                    feed(new CallEvent.AgentTook(agent, "sip:" + agent, now));
                }
            }
            case ADVANCE -> now = now.plusSeconds(a.x() % 20);
            case OFFER_AGAIN -> feed(new CallEvent.Offered(now));
        }
    }

    private CallCommand.ClaimTargets lastClaim() {
        for (int i = commands.size() - 1; i >= 0; i--) {
            if (commands.get(i) instanceof CallCommand.ClaimTargets c && c.attempt() == state.pendingClaim()) {
                return c;
            }
        }
        throw new AssertionError("pending claim never asked for");
    }

    /** The store model: as Redis would, claim free agents per the target, skip the rest with a reason. */
    private void answerClaim(CallCommand.ClaimTargets c, int seed) {
        List<String> candidates = freeAgents(Set.copyOf(c.alreadyTried()));
        List<String> chosen = new ArrayList<>();
        StepTarget t = c.target();
        if (t instanceof StepTarget.AllFree) {
            for (int i = 0; i < candidates.size(); i++) {
                if (((seed >> i) & 1) == 0 || i == 0) { // some lose a race to another call
                    chosen.add(candidates.get(i));
                }
            }
        } else if (t instanceof StepTarget.Agent ag) {
            if (candidates.contains(ag.agentId())) {
                chosen.add(ag.agentId());
            }
        } else if (t instanceof StepTarget.PersonalOrNext && candidates.contains(c.personalManagerId())) {
            chosen.add(c.personalManagerId());
        } else if (!candidates.isEmpty()) {
            chosen.add(candidates.get(seed % candidates.size()));
        }
        List<SkippedAgent> skipped = new ArrayList<>();
        for (String agent : AGENTS) {
            if (chosen.contains(agent)) {
                continue;
            }
            SkipReason why = c.alreadyTried().contains(agent) ? SkipReason.ALREADY_TRIED
                    : busyElsewhere.contains(agent) || held.contains(agent) ? SkipReason.BUSY
                    : SkipReason.CLAIMED_BY_OTHER_CALL;
            skipped.add(new SkippedAgent(agent, why));
        }
        chosen.forEach(this::claimInStore);
        feed(new CallEvent.TargetsClaimed(c.stepIndex(), c.attempt(),
                chosen.stream().map(a -> new ClaimedAgent(a, "sip:" + a)).toList(), skipped, now));
    }

    private List<String> freeAgents(Set<String> exclude) {
        return AGENTS.stream().filter(a -> !busyElsewhere.contains(a) && !held.contains(a) && !exclude.contains(a))
                .toList();
    }

    private void claimInStore(String agent) {
        if (!held.add(agent)) {
            violations.add("store claimed " + agent + " twice");
        }
        claims.merge(agent, 1, Integer::sum);
    }

    /** Mostly a leg still ringing (that is where replies come from), sometimes any leg or an unknown one. */
    private String pickLeg(int x, int y) {
        List<String> ringing = state.legs().stream().filter(Leg::ringing).map(Leg::legId).toList();
        if (y % 3 != 0 && !ringing.isEmpty()) {
            return ringing.get(x % ringing.size());
        }
        return legIds.isEmpty() || x % (legIds.size() + 1) == legIds.size() ? "bogus" : legIds.get(x % (legIds.size() + 1));
    }

    void feed(CallEvent e) {
        CallState before = state;
        Transition t = machine.next(state, e);
        state = t.state();
        boolean endedBefore = before.ended();
        for (CallCommand c : t.commands()) {
            observe(c, endedBefore);
        }
        commands.addAll(t.commands());
        checkAfterTransition(before, e);
    }

    private void observe(CallCommand c, boolean endedBefore) {
        if (endedBefore && !(c instanceof CallCommand.HangUpLeg) && !(c instanceof CallCommand.ReleaseAgent)) {
            violations.add("after the end, " + c);
        }
        if (c instanceof CallCommand.Record && endedBefore) {
            violations.add("recorded twice");
        } else if (c instanceof CallCommand.ReleaseAgent r) {
            releases.merge(r.agentId(), 1, Integer::sum);
            if (!held.remove(r.agentId())) {
                violations.add("released " + r.agentId() + " which the call did not hold");
            }
        } else if (c instanceof CallCommand.MarkOnCall m && !held.contains(m.agentId())) {
            violations.add("on_call for " + m.agentId() + " who is not held");
        } else if (c instanceof CallCommand.RingLeg r) {
            legIds.add(r.legId());
            if (r.kind() == LegKind.AGENT) {
                if (!held.contains(r.agentId())) {
                    violations.add("rang " + r.agentId() + " without a claim");
                }
                if (!r.autoAnswer() && !rungByChain.add(r.agentId())) {
                    violations.add("the chain rang " + r.agentId() + " twice");
                }
                rungByChain.add(r.agentId());
            }
        }
    }

    private void checkAfterTransition(CallState before, CallEvent e) {
        Map<String, Integer> openPerAgent = new HashMap<>();
        for (Leg leg : state.legs()) {
            if (leg.open() && leg.isAgent()) {
                openPerAgent.merge(leg.agentId(), 1, Integer::sum);
            }
        }
        openPerAgent.forEach((agent, n) -> {
            if (n > 1) {
                violations.add(agent + " has " + n + " open legs after " + e);
            }
        });
        // The store's holds must always be exactly the machine's open agent legs.
        if (!Set.copyOf(state.heldAgents()).equals(held)) {
            violations.add("machine holds " + state.heldAgents() + " but the store has " + held + " after " + e);
        }
    }

    List<CallCommand.Record> records() {
        return commands.stream().filter(c -> c instanceof CallCommand.Record).map(c -> (CallCommand.Record) c).toList();
    }

    long count(Class<? extends CallCommand> type) {
        return commands.stream().filter(type::isInstance).count();
    }
}
