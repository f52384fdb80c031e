package dozvon.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.core.chain.CallSimulation.Action;
import dozvon.core.chain.CallSimulation.Kind;
import dozvon.core.chain.CallSimulation.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** Invariants of the call machine over random (but plausible) event sequences. */
class CallMachineProperties {

    @Property(tries = 400)
    void the_store_and_the_machine_agree_and_nothing_odd_happens(@ForAll("scenarios") Scenario s) {
        CallSimulation sim = CallSimulation.run(s);
        assertThat(sim.violations).isEmpty();
    }

    @Property(tries = 400)
    void no_agent_is_rung_twice_by_the_chain_nor_rings_for_two_legs_at_once(@ForAll("scenarios") Scenario s) {
        CallSimulation sim = CallSimulation.run(s);
        assertThat(sim.violations).noneMatch(v -> v.contains("twice") || v.contains("open legs"));
    }

    @Property(tries = 400)
    void every_call_ends_in_exactly_one_outcome(@ForAll("scenarios") Scenario s) {
        CallSimulation sim = CallSimulation.run(s);
        assertThat(sim.state.ended()).isTrue();
        assertThat(sim.records()).hasSize(1);
        CallRecord r = sim.records().get(0).call();
        // Printed in the test report, to show the random lives reach every ending, takes and failed steps.
        Statistics.label("outcome").collect(r.outcome());
        Statistics.label("took from screen pop").collect(sim.count(CallCommand.Publish.class) > 0
                && sim.commands.stream().anyMatch(c -> c instanceof CallCommand.RingLeg l && l.autoAnswer()));
        Statistics.label("steps started").collect(sim.state.trace().size());
        assertThat(r.outcome()).isEqualTo(sim.state.outcome());
        assertThat(r.outcome() == CallOutcome.ANSWERED).isEqualTo(sim.count(CallCommand.Connect.class) == 1);
        assertThat(sim.count(CallCommand.Connect.class) + sim.count(CallCommand.Reject.class)).isLessThanOrEqualTo(1);
        assertThat(r.waitTime().isNegative()).isFalse();
        assertThat(r.talkTime().isNegative()).isFalse();
    }

    @Property(tries = 400)
    void no_leg_stays_open_after_its_call_ended(@ForAll("scenarios") Scenario s) {
        CallSimulation sim = CallSimulation.run(s);
        assertThat(sim.state.legs()).allSatisfy(leg -> {
            assertThat(leg.result()).isNotNull();
            assertThat(leg.endedAt()).isNotNull();
        });
        assertThat(sim.state.legs()).extracting(Leg::legId).containsExactlyElementsOf(sim.legIds);
        assertThat(sim.records().get(0).legs()).isEqualTo(sim.state.legs());
    }

    @Property(tries = 400)
    void every_claimed_agent_is_released_exactly_once(@ForAll("scenarios") Scenario s) {
        CallSimulation sim = CallSimulation.run(s);
        assertThat(sim.held).as("still held after the end").isEmpty();
        assertThat(sim.releases).isEqualTo(sim.claims);
    }

    @Property(tries = 300)
    void a_stale_timer_changes_nothing_in_any_reachable_state(@ForAll("scenarios") Scenario s,
                                                              @ForAll("staleness") int offset) {
        CallSimulation sim = new CallSimulation(s);
        sim.feed(new CallEvent.Offered(sim.now));
        for (Action a : s.actions()) {
            sim.act(a);
            CallState st = sim.state;
            long armed = st.armedGeneration();
            long stale = armed == 0 ? offset : armed + offset; // offset != 0
            for (TimerId id : TimerId.values()) {
                Transition t = sim.machine.next(st, new CallEvent.TimerFired(id, Math.max(0, stale), sim.now));
                boolean reallyStale = !(id == st.armedTimer() && Math.max(0, stale) == armed);
                if (reallyStale) {
                    assertThat(t.commands()).isEmpty();
                    assertThat(t.state()).isEqualTo(st);
                }
            }
        }
    }

    @Provide
    Arbitrary<Integer> staleness() {
        return Arbitraries.integers().between(-5, 5).filter(i -> i != 0);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<ChainStep>> chain = step().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<ChainStep>> offChain = step().list().ofMaxSize(2);
        Arbitrary<String> manager = Arbitraries.of("anna", "vera", "nobody").injectNull(0.3);
        Arbitrary<String> head = Arbitraries.just("+79160000009").injectNull(0.3);
        Arbitrary<Set<String>> busy = Arbitraries.of(CallSimulation.AGENTS).set().ofMaxSize(3);
        Arbitrary<List<Action>> actions = action().list().ofMinSize(5).ofMaxSize(60);
        return Combinators.combine(chain, offChain, Arbitraries.integers().between(0, 9), manager, head, busy, actions)
                .as((c, o, openRoll, m, h, b, a) -> new Scenario(c, o, openRoll > 1, m, h, b, a));
    }

    private Arbitrary<ChainStep> step() {
        Arbitrary<StepTarget> target = Arbitraries.of(
                new StepTarget.PersonalOrNext(), new StepTarget.Next(), new StepTarget.AllFree(),
                new StepTarget.Agent("boris"), new StepTarget.HeadMobile(), new StepTarget.Number("+74951112233"));
        return Combinators.combine(target, Arbitraries.integers().between(1, 30))
                .as((t, secs) -> new ChainStep(t, Duration.ofSeconds(secs)));
    }

    private Arbitrary<Action> action() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(12, Kind.CLAIM), Tuple.of(2, Kind.STALE_CLAIM), Tuple.of(8, Kind.RINGING),
                Tuple.of(6, Kind.ANSWER), Tuple.of(8, Kind.FAIL), Tuple.of(1, Kind.HANG_UP), Tuple.of(1, Kind.END),
                Tuple.of(10, Kind.FIRE_ARMED), Tuple.of(3, Kind.FIRE_STALE), Tuple.of(3, Kind.TAKE),
                Tuple.of(6, Kind.ADVANCE), Tuple.of(1, Kind.OFFER_AGAIN));
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 1000);
        return Combinators.combine(kind, n, n).as(Action::new);
    }
}
