package dozvon.core.chain;

import static dozvon.core.chain.CallHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dozvon.core.chain.CallCommand.CancelLeg;
import dozvon.core.chain.CallCommand.ClaimTargets;
import dozvon.core.chain.CallCommand.Connect;
import dozvon.core.chain.CallCommand.HangUpLeg;
import dozvon.core.chain.CallCommand.MarkOnCall;
import dozvon.core.chain.CallCommand.Publish;
import dozvon.core.chain.CallCommand.Record;
import dozvon.core.chain.CallCommand.Reject;
import dozvon.core.chain.CallCommand.ReleaseAgent;
import dozvon.core.chain.CallCommand.RingLeg;
import dozvon.core.chain.CallCommand.SendRinging;
import dozvon.core.chain.CallCommand.StartTimer;
import dozvon.core.chain.StepTrace.Consideration;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.SkipReason;
import dozvon.core.presence.SkippedAgent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CallMachineTest {

    static final Duration RING = Duration.ofSeconds(5);
    static final String HEAD = "+79160000009";
    static final String CALLER = "+79031234567";
    static final String DIALED = "+74950000000";

    static InboundCall call(List<ChainStep> chain, String personalManager) {
        return new InboundCall("c1", CALLER, DIALED, "sales", chain, List.of(), personalManager, HEAD, true);
    }

    static InboundCall defaultCall() {
        return call(ChainStep.defaultChain(RING), "anna");
    }

    static InboundCall allFree() {
        return call(List.of(ChainStep.ofRings(new StepTarget.AllFree(), 4, RING)), null);
    }

    static ReleaseAgent available(String agent) { return new ReleaseAgent(agent, AgentState.AVAILABLE); }

    static RingLeg agentLeg(String legId, String agent) {
        return new RingLeg(legId, LegKind.AGENT, agent, CallHarness.contact(agent), false, CALLER);
    }

    @Nested
    class DefaultChain {

        @Test
        void rings_the_manager_for_three_rings_then_next_for_two_then_the_head_mobile_then_gives_up() {
            CallHarness h = new CallHarness(defaultCall());

            assertThat(h.offer()).containsExactly(
                    new Publish(new ConsoleEvent.Offer("c1", "sales", CALLER, DIALED)),
                    new StartTimer(TimerId.STEP, 1, Duration.ofSeconds(15)),
                    new ClaimTargets("c1", "sales", 0, 2, new StepTarget.PersonalOrNext(), "anna", List.of()));
            assertThat(h.claim("anna")).containsExactly(agentLeg("c1-1", "anna"));
            assertThat(h.ringing("anna")).containsExactly(new SendRinging());

            assertThat(h.advanceSeconds(14)).isEmpty();
            assertThat(h.advanceSeconds(1)).containsExactly(
                    new CancelLeg("c1-1"),
                    available("anna"),
                    new StartTimer(TimerId.STEP, 3, Duration.ofSeconds(10)),
                    new ClaimTargets("c1", "sales", 1, 4, new StepTarget.Next(), "anna", List.of("anna")));
            assertThat(h.now).isEqualTo(T0.plusSeconds(15));

            assertThat(h.claim("boris")).containsExactly(agentLeg("c1-2", "boris"));
            assertThat(h.ringing("boris")).as("180 goes to the caller once").isEmpty();

            assertThat(h.advanceSeconds(10)).containsExactly(
                    new CancelLeg("c1-2"),
                    available("boris"),
                    new StartTimer(TimerId.STEP, 5, Duration.ofSeconds(30)),
                    new RingLeg("c1-3", LegKind.NUMBER, null, HEAD, false, CALLER));

            assertThat(h.advanceSeconds(30)).containsExactly(
                    new CancelLeg("c1-3"),
                    new Reject(480, "chain exhausted"),
                    h.record(),
                    new Publish(new ConsoleEvent.Ended("c1", CallOutcome.MISSED)));

            CallRecord r = h.record().call();
            assertThat(r.outcome()).isEqualTo(CallOutcome.MISSED);
            assertThat(r.arrivedAt()).isEqualTo(T0);
            assertThat(r.firstRingAt()).isEqualTo(T0);
            assertThat(r.endedAt()).isEqualTo(T0.plusSeconds(55));
            assertThat(r.waitSeconds()).isEqualTo(55);
            assertThat(r.talkSeconds()).isZero();
            assertThat(r.finalCode()).isEqualTo(480);
            assertThat(h.record().legs()).extracting(Leg::result)
                    .containsExactly(LegResult.NO_ANSWER, LegResult.NO_ANSWER, LegResult.NO_ANSWER);
            assertThat(h.record().trace()).extracting(StepTrace::target, StepTrace::startedAt, StepTrace::endedBy)
                    .containsExactly(
                            tuple("personal-or-next", T0, StepEnd.TIMED_OUT),
                            tuple("next", T0.plusSeconds(15), StepEnd.TIMED_OUT),
                            tuple("head-mobile", T0.plusSeconds(25), StepEnd.TIMED_OUT));
            assertThat(h.state.ended()).isTrue();
        }

        @Test
        void head_mobile_answering_connects_without_an_agent() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim();            // nobody for step 1
            h.claim();            // nobody for step 2
            assertThat(h.last).contains(new RingLeg("c1-1", LegKind.NUMBER, null, HEAD, false, CALLER));
            h.advanceSeconds(3);
            assertThat(h.answer(HEAD)).containsExactly(
                    new Connect("c1-1"),
                    new Publish(new ConsoleEvent.Connected("c1", null)));
            h.advanceSeconds(40);
            h.endCall();
            CallRecord r = h.record().call();
            assertThat(r.outcome()).isEqualTo(CallOutcome.ANSWERED);
            assertThat(r.answeringAgentId()).isNull();
            assertThat(r.waitSeconds()).isEqualTo(3);
            assertThat(r.talkSeconds()).isEqualTo(40);
        }

        @Test
        void manager_answering_is_connected_marked_on_call_and_released_to_wrap_up_at_the_end() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            h.advanceSeconds(1);
            h.ringing("anna");
            h.advanceSeconds(6);
            assertThat(h.answer("anna")).containsExactly(
                    new Connect("c1-1"),
                    new MarkOnCall("anna"),
                    new Publish(new ConsoleEvent.Connected("c1", "anna")));
            assertThat(h.advanceSeconds(60)).as("the step timer was disarmed by the answer").isEmpty();
            assertThat(h.endCall()).containsExactly(
                    new ReleaseAgent("anna", AgentState.WRAP_UP),
                    h.record(),
                    new Publish(new ConsoleEvent.Ended("c1", CallOutcome.ANSWERED)));
            CallRecord r = h.record().call();
            assertThat(r.answeringAgentId()).isEqualTo("anna");
            assertThat(r.firstRingAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(r.answeredAt()).isEqualTo(T0.plusSeconds(7));
            assertThat(r.waitSeconds()).isEqualTo(7);
            assertThat(r.talkSeconds()).isEqualTo(60);
            assertThat(h.record().legs().get(0).result()).isEqualTo(LegResult.ANSWERED);
            assertThat(h.record().trace().get(0).endedBy()).isEqualTo(StepEnd.ANSWERED);
        }

        @Test
        void a_step_whose_legs_all_fail_ends_at_once_without_waiting_out_its_time() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            h.advanceSeconds(2);
            assertThat(h.fail("anna", LegFailure.DECLINED)).containsExactly(
                    available("anna"),
                    new StartTimer(TimerId.STEP, 3, Duration.ofSeconds(10)),
                    new ClaimTargets("c1", "sales", 1, 4, new StepTarget.Next(), "anna", List.of("anna")));
            assertThat(h.state.trace().get(0).endedBy()).isEqualTo(StepEnd.ALL_LEGS_FAILED);
            assertThat(h.state.legs().get(0).result()).isEqualTo(LegResult.DECLINED);
        }

        @Test
        void without_a_head_mobile_the_last_step_is_skipped_and_the_chain_ends_when_next_times_out() {
            InboundCall noHead = new InboundCall("c1", CALLER, DIALED, "sales", ChainStep.defaultChain(RING),
                    List.of(), null, null, true);
            CallHarness h = new CallHarness(noHead);
            h.offer();
            h.claim();
            h.claim("boris");
            List<CallCommand> out = h.advanceSeconds(10);
            assertThat(out).contains(new Reject(480, "chain exhausted"));
            assertThat(h.record().trace()).extracting(StepTrace::endedBy)
                    .containsExactly(StepEnd.NOBODY_AVAILABLE, StepEnd.TIMED_OUT, StepEnd.NO_NUMBER);
        }
    }

    @Nested
    class AllFree {

        @Test
        void rings_everyone_first_answer_wins_and_a_second_200_is_hung_up() {
            CallHarness h = new CallHarness(allFree());
            h.offer();
            assertThat(h.claim("anna", "boris", "vera")).containsExactly(
                    agentLeg("c1-1", "anna"), agentLeg("c1-2", "boris"), agentLeg("c1-3", "vera"));
            h.ringing("anna");
            h.ringing("vera");
            h.advanceSeconds(4);

            assertThat(h.answer("boris")).containsExactly(
                    new Connect("c1-2"),
                    new MarkOnCall("boris"),
                    new CancelLeg("c1-1"), available("anna"),
                    new CancelLeg("c1-3"), available("vera"),
                    new Publish(new ConsoleEvent.Connected("c1", "boris")));
            assertThat(h.answer("vera")).as("vera's 200 crossed our CANCEL").containsExactly(new HangUpLeg("c1-3"));
            assertThat(h.ringing("anna")).as("a 180 after the answer is ignored").isEmpty();
            assertThat(h.answer("boris")).as("a retransmitted 200 of the winner").isEmpty();
            assertThat(h.fail("vera", LegFailure.FAILED)).isEmpty();

            h.advanceSeconds(30);
            h.endCall();
            assertThat(h.record().legs()).extracting(Leg::agentId, Leg::result).containsExactly(
                    tuple("anna", LegResult.CANCELLED),
                    tuple("boris", LegResult.ANSWERED),
                    tuple("vera", LegResult.CANCELLED));
            assertThat(h.all).filteredOn(c -> c instanceof ReleaseAgent).containsExactlyInAnyOrder(
                    available("anna"), available("vera"), new ReleaseAgent("boris", AgentState.WRAP_UP));
        }

        @Test
        void the_step_goes_on_while_some_legs_still_ring() {
            CallHarness h = new CallHarness(allFree());
            h.offer();
            h.claim("anna", "boris");
            assertThat(h.fail("anna", LegFailure.BUSY)).containsExactly(available("anna"));
            assertThat(h.state.phase()).isEqualTo(CallState.Phase.ROUTING);
            assertThat(h.fail("boris", LegFailure.NO_ANSWER)).contains(available("boris"), new Reject(480, "chain exhausted"));
        }
    }

    @Nested
    class Skips {

        @Test
        void a_busy_agent_is_skipped_and_the_skip_is_in_the_trace() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim(List.of("boris"), List.of(new SkippedAgent("anna", SkipReason.BUSY)));
            assertThat(h.last).containsExactly(agentLeg("c1-1", "boris"));
            assertThat(h.state.trace().get(0).considered()).containsExactly(
                    new Consideration("boris", null), new Consideration("anna", SkipReason.BUSY));
        }

        @Test
        void the_personal_manager_away_means_next_and_the_claim_carries_the_manager() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            assertThat(h.pendingClaim().personalManagerId()).isEqualTo("anna");
            h.claim(List.of("gleb"), List.of(new SkippedAgent("anna", SkipReason.AWAY)));
            assertThat(h.last).containsExactly(agentLeg("c1-1", "gleb"));
            assertThat(h.state.trace().get(0).considered())
                    .contains(new Consideration("anna", SkipReason.AWAY));
        }

        @Test
        void nobody_claimable_ends_the_step_at_the_same_instant() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.advanceSeconds(1);
            List<CallCommand> out = h.claim(List.of(), List.of(
                    new SkippedAgent("anna", SkipReason.OFFLINE),
                    new SkippedAgent("boris", SkipReason.CLAIMED_BY_OTHER_CALL)));
            assertThat(out).containsExactly(
                    new StartTimer(TimerId.STEP, 3, Duration.ofSeconds(10)),
                    new ClaimTargets("c1", "sales", 1, 4, new StepTarget.Next(), "anna", List.of()));
            assertThat(h.state.trace().get(0).endedBy()).isEqualTo(StepEnd.NOBODY_AVAILABLE);
            assertThat(h.state.trace().get(0).endedAt()).isEqualTo(T0.plusSeconds(1));
        }

        @Test
        void an_already_tried_agent_the_store_claims_anyway_is_not_rung_but_given_back() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            h.advanceSeconds(15);
            assertThat(h.claim("anna")).containsExactly(available("anna"),
                    new StartTimer(TimerId.STEP, 5, Duration.ofSeconds(30)),
                    new RingLeg("c1-2", LegKind.NUMBER, null, HEAD, false, CALLER));
        }

        @Test
        void a_claim_answered_after_the_caller_left_is_released() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            CallCommand.ClaimTargets pending = h.pendingClaim();
            h.hangUp();
            assertThat(h.feed(new CallEvent.TargetsClaimed(0, pending.attempt(),
                    List.of(new ClaimedAgent("anna", "sip:anna@phones")), List.of(), h.now)))
                    .containsExactly(available("anna"));
        }
    }

    @Nested
    class CallerLeaves {

        @Test
        void hanging_up_while_ringing_cancels_the_legs_and_is_abandoned() {
            CallHarness h = new CallHarness(allFree());
            h.offer();
            h.claim("anna", "boris");
            h.ringing("anna");
            h.advanceSeconds(8);
            assertThat(h.hangUp()).containsExactly(
                    new CancelLeg("c1-1"), available("anna"),
                    new CancelLeg("c1-2"), available("boris"),
                    h.record(),
                    new Publish(new ConsoleEvent.Ended("c1", CallOutcome.ABANDONED)));
            CallRecord r = h.record().call();
            assertThat(r.outcome()).isEqualTo(CallOutcome.ABANDONED);
            assertThat(r.finalCode()).isNull();
            assertThat(r.waitSeconds()).isEqualTo(8);
            assertThat(h.record().trace().get(0).endedBy()).isEqualTo(StepEnd.CALLER_HUNG_UP);
            assertThat(h.answer("anna")).as("a 200 after the caller left").containsExactly(new HangUpLeg("c1-1"));
            assertThat(h.advanceSeconds(100)).isEmpty();
        }
    }

    @Nested
    class OffHours {

        @Test
        void closed_without_an_off_hours_chain_is_480_off_hours() {
            InboundCall closed = new InboundCall("c1", CALLER, DIALED, "sales", ChainStep.defaultChain(RING),
                    List.of(), "anna", HEAD, false);
            CallHarness h = new CallHarness(closed);
            assertThat(h.offer()).containsExactly(new Reject(480, "off hours"), h.record());
            assertThat(h.record().call().outcome()).isEqualTo(CallOutcome.OFF_HOURS);
            assertThat(h.record().call().offHours()).isTrue();
            assertThat(h.state.ended()).isTrue();
        }

        @Test
        void closed_with_an_off_hours_chain_runs_it_and_unanswered_is_off_hours() {
            InboundCall closed = new InboundCall("c1", CALLER, DIALED, "sales", ChainStep.defaultChain(RING),
                    List.of(ChainStep.ofSeconds(new StepTarget.HeadMobile(), 30)), "anna", HEAD, false);
            CallHarness h = new CallHarness(closed);
            assertThat(h.offer()).contains(new RingLeg("c1-1", LegKind.NUMBER, null, HEAD, false, CALLER))
                    .noneMatch(c -> c instanceof ClaimTargets);
            assertThat(h.advanceSeconds(30)).contains(new Reject(480, "chain exhausted"));
            assertThat(h.record().call().outcome()).isEqualTo(CallOutcome.OFF_HOURS);
        }

        @Test
        void closed_with_an_off_hours_chain_answered_is_answered() {
            InboundCall closed = new InboundCall("c1", CALLER, DIALED, "sales", List.of(),
                    List.of(ChainStep.ofSeconds(new StepTarget.Number("+74951112233"), 30)), null, null, false);
            CallHarness h = new CallHarness(closed);
            h.offer();
            h.answer("+74951112233");
            h.endCall();
            assertThat(h.record().call().outcome()).isEqualTo(CallOutcome.ANSWERED);
            assertThat(h.record().call().offHours()).isTrue();
        }
    }

    @Nested
    class Refused {

        @Test
        void a_call_refused_at_the_edge_is_rejected_and_recorded() {
            CallHarness h = new CallHarness(InboundCall.refusedAtEdge("c1", "+79990000000", DIALED, "sales"));
            assertThat(h.feed(new CallEvent.Refused(603, "blacklisted", h.now)))
                    .containsExactly(new Reject(603, "blacklisted"), h.record());
            assertThat(h.record().call()).extracting(CallRecord::outcome, CallRecord::finalCode, CallRecord::reason)
                    .containsExactly(CallOutcome.REJECTED, 603, "blacklisted");
            assertThat(h.offer()).as("nothing restarts an ended call").isEmpty();
        }
    }

    @Nested
    class TakeFromScreenPop {

        @Test
        void a_take_stops_the_ringing_and_rings_the_taker_with_auto_answer() {
            CallHarness h = new CallHarness(allFree());
            h.offer();
            h.claim("anna", "boris");
            h.advanceSeconds(3);
            assertThat(h.take("vera")).containsExactly(
                    new CancelLeg("c1-1"), available("anna"),
                    new CancelLeg("c1-2"), available("boris"),
                    new RingLeg("c1-3", LegKind.AGENT, "vera", "sip:vera@phones", true, CALLER),
                    new StartTimer(TimerId.TAKE, 3, CallMachine.DEFAULT_TAKE_TIMEOUT),
                    new Publish(new ConsoleEvent.Taken("c1", "vera")));
            assertThat(h.answer("vera")).startsWith(new Connect("c1-3"), new MarkOnCall("vera"));
            assertThat(h.answer("anna")).containsExactly(new HangUpLeg("c1-1"));
            h.endCall();
            assertThat(h.record().call().answeringAgentId()).isEqualTo("vera");
            assertThat(h.record().trace()).extracting(StepTrace::target, StepTrace::endedBy).containsExactly(
                    tuple("all-free", StepEnd.TAKEN),
                    tuple("take:vera", StepEnd.ANSWERED));
        }

        @Test
        void a_failed_take_resumes_the_interrupted_step_for_the_time_it_had_left() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            h.advanceSeconds(5);
            h.take("vera");
            h.advanceSeconds(2);
            assertThat(h.fail("vera", LegFailure.FAILED)).containsExactly(
                    available("vera"),
                    new StartTimer(TimerId.STEP, 4, Duration.ofSeconds(8)),
                    new ClaimTargets("c1", "sales", 0, 5, new StepTarget.PersonalOrNext(), "anna",
                            List.of("anna", "vera")));
            assertThat(h.state.phase()).isEqualTo(CallState.Phase.ROUTING);
            assertThat(h.advanceSeconds(8)).contains(
                    new ClaimTargets("c1", "sales", 1, 7, new StepTarget.Next(), "anna", List.of("anna", "vera")));
        }

        @Test
        void a_take_whose_phone_never_answers_times_out_and_resumes() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            h.advanceSeconds(14);
            h.take("vera");
            List<CallCommand> out = h.advance(CallMachine.DEFAULT_TAKE_TIMEOUT);
            assertThat(out).startsWith(new CancelLeg("c1-2"), available("vera"));
            assertThat(out).as("the step's time was already up: on to the next step")
                    .contains(new ClaimTargets("c1", "sales", 1, 5, new StepTarget.Next(), "anna", List.of("anna", "vera")));
            assertThat(h.state.legs().get(1).result()).isEqualTo(LegResult.NO_ANSWER);
        }

        @Test
        void the_ringing_agent_taking_keeps_their_claim() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            assertThat(h.take("anna")).containsExactly(
                    new CancelLeg("c1-1"),
                    new RingLeg("c1-2", LegKind.AGENT, "anna", "sip:anna@phones", true, CALLER),
                    new StartTimer(TimerId.TAKE, 3, CallMachine.DEFAULT_TAKE_TIMEOUT),
                    new Publish(new ConsoleEvent.Taken("c1", "anna")));
            h.answer("anna");
            h.endCall();
            assertThat(h.all).filteredOn(c -> c instanceof ReleaseAgent)
                    .containsExactly(new ReleaseAgent("anna", AgentState.WRAP_UP));
        }

        @Test
        void a_take_after_the_answer_is_turned_down_and_the_taker_given_back() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            h.answer("anna");
            assertThat(h.take("vera")).containsExactly(available("vera"));
            assertThat(h.take("anna")).as("anna is on this call: her claim is the call's").isEmpty();
        }
    }

    @Nested
    class Timers {

        @Test
        void a_late_step_timer_is_a_no_op() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.claim("anna");
            h.fail("anna", LegFailure.BUSY);          // step 1 ends early; its timer (generation 1) is stale
            CallState before = h.state;
            assertThat(h.feed(new CallEvent.TimerFired(TimerId.STEP, 1, h.now.plusSeconds(15)))).isEmpty();
            assertThat(h.state).isEqualTo(before);
        }

        @Test
        void a_timer_after_the_end_is_a_no_op() {
            CallHarness h = new CallHarness(defaultCall());
            h.offer();
            h.hangUp();
            CallState before = h.state;
            assertThat(h.advanceSeconds(60)).isEmpty();
            assertThat(h.state).isEqualTo(before);
        }
    }
}
