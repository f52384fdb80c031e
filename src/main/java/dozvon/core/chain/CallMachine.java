package dozvon.core.chain;

import dozvon.core.chain.CallState.Phase;
import dozvon.core.presence.AgentState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The call state machine, gen_statem style: {@link #next} takes a call's state and one event and returns the
 * new state with the commands for the shell. Pure: no I/O, no clock (each event carries its instant), no
 * randomness; the same state and event always give the same transition.
 *
 * <p>How the shell drives a call:
 * <pre>
 *   CallState s = CallMachine.newCall(inbound);
 *   Transition t = machine.next(s, new CallEvent.Offered(now));   // or Refused(603, "blacklisted", now)
 *   // execute t.commands() in order, keep t.state(); feed every result back as an event:
 *   //   ClaimTargets -> TargetsClaimed, RingLeg -> LegRinging/LegAnswered/LegFailed, StartTimer -> TimerFired
 * </pre>
 * Events for a call must be fed one at a time (one call lives on one event loop).
 *
 * <p>The chain itself (steps, claims, moving on) is in {@link ChainRunner}; ending and recording in
 * {@link CallEnding}. This class decides what each event means in each phase.
 */
public final class CallMachine {

    /** How long the phone of an agent who took the call from the screen pop may take to pick up. */
    public static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

    private final Duration takeTimeout;

    public CallMachine() {
        this(DEFAULT_TAKE_TIMEOUT);
    }

    public CallMachine(Duration takeTimeout) {
        if (takeTimeout.isNegative() || takeTimeout.isZero()) {
            throw new IllegalArgumentException("take timeout must be positive");
        }
        this.takeTimeout = takeTimeout;
    }

    /** A new call, not yet started: feed it {@link CallEvent.Offered} or {@link CallEvent.Refused}. */
    public static CallState newCall(InboundCall call) {
        return CallState.created(Objects.requireNonNull(call, "call"));
    }

    public Transition next(CallState state, CallEvent event) {
        CallDraft d = new CallDraft(state);
        if (event instanceof CallEvent.Offered e) {
            onOffered(d, e.at());
        } else if (event instanceof CallEvent.Refused e) {
            onRefused(d, e);
        } else if (event instanceof CallEvent.TargetsClaimed e) {
            ChainRunner.onClaimed(d, e);
        } else if (event instanceof CallEvent.LegRinging e) {
            onLegRinging(d, e);
        } else if (event instanceof CallEvent.LegAnswered e) {
            onLegAnswered(d, e);
        } else if (event instanceof CallEvent.LegFailed e) {
            onLegFailed(d, e);
        } else if (event instanceof CallEvent.CallerHungUp e) {
            onHangUp(d, e.at());
        } else if (event instanceof CallEvent.CallEnded e) {
            onHangUp(d, e.at());
        } else if (event instanceof CallEvent.TimerFired e) {
            onTimer(d, e);
        } else if (event instanceof CallEvent.AgentTook e) {
            onAgentTook(d, e);
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return d.toTransition();
    }

    /** Start routing: the group's chain when open, else its off-hours chain, else 480 off hours. */
    private static void onOffered(CallDraft d, Instant at) {
        if (d.phase != Phase.NEW) {
            return;
        }
        d.arrivedAt = at;
        d.offHours = !d.call.openNow();
        d.route = d.offHours ? d.call.offHoursChain() : d.call.chain();
        if (d.route.isEmpty()) {
            if (d.offHours) {
                CallEnding.finish(d, CallOutcome.OFF_HOURS, 480, "off hours", at);
            } else {
                CallEnding.finish(d, CallOutcome.MISSED, 480, "no chain configured", at);
            }
            return;
        }
        d.phase = Phase.ROUTING;
        d.offerPublished = true;
        d.emit(new CallCommand.Publish(new ConsoleEvent.Offer(d.call.callId(), d.call.groupId(),
                d.call.callerNumber(), d.call.dialedNumber(), d.call.tracking(), d.call.card())));
        ChainRunner.startStep(d, 0, d.route.get(0).length(), at);
    }

    private static void onRefused(CallDraft d, CallEvent.Refused e) {
        if (d.phase == Phase.NEW) {
            CallEnding.finish(d, CallOutcome.REJECTED, e.sipCode(), e.reason(), e.at());
        }
    }

    /** 180 on a leg: the caller hears ringing from the first one on (once); later ones are only noted. */
    private static void onLegRinging(CallDraft d, CallEvent.LegRinging e) {
        if (d.phase != Phase.ROUTING && d.phase != Phase.TAKING) {
            return; // a 180 after the answer (or after the end) is ignored
        }
        d.leg(e.legId()).filter(Leg::ringing).ifPresent(leg -> {
            d.replace(leg.ringingAt(e.at()));
            if (!d.ringingSent) {
                d.ringingSent = true;
                d.firstRingAt = e.at();
                d.emit(new CallCommand.SendRinging());
            }
        });
    }

    /** First answer wins; every other 200 (late, crossed with our CANCEL, or after the end) gets a BYE. */
    private static void onLegAnswered(CallDraft d, CallEvent.LegAnswered e) {
        boolean routing = d.phase == Phase.ROUTING || d.phase == Phase.TAKING;
        var leg = d.leg(e.legId()).filter(Leg::ringing);
        if (routing && leg.isPresent()) {
            connect(d, leg.get(), e.at());
        } else if (!e.legId().equals(d.winnerLegId)) {
            d.emit(new CallCommand.HangUpLeg(e.legId()));
        }
    }

    private static void connect(CallDraft d, Leg winner, Instant at) {
        d.replace(winner.answered(at));
        d.winnerLegId = winner.legId();
        d.answeredAt = at;
        d.phase = Phase.CONNECTED;
        d.pendingClaim = 0;
        d.disarmTimer();
        d.emit(new CallCommand.Connect(winner.legId()));
        if (winner.isAgent()) {
            d.emit(new CallCommand.MarkOnCall(winner.agentId()));
        }
        d.cancelRinging(LegResult.CANCELLED, at);
        d.traceEnd(StepEnd.ANSWERED, at);
        d.emit(new CallCommand.Publish(new ConsoleEvent.Connected(d.call.callId(), winner.agentId())));
    }

    /**
     * A leg failed: its agent goes back to available. A failed take resumes the chain; a step whose every
     * leg has failed ends at once (unless its claim is still out, which may yet bring someone to ring).
     */
    private static void onLegFailed(CallDraft d, CallEvent.LegFailed e) {
        var found = d.leg(e.legId()).filter(Leg::open);
        if (found.isEmpty()) {
            return; // already closed by us (cancelled, timed out): the failure is the echo of that
        }
        Leg leg = found.get();
        if (d.phase == Phase.CONNECTED && leg.legId().equals(d.winnerLegId)) {
            endConnected(d, e.at()); // the answered leg broke down: the call is over
            return;
        }
        if (d.phase != Phase.ROUTING && d.phase != Phase.TAKING) {
            return;
        }
        d.close(leg, e.reason().result(), e.at(), false);
        if (d.phase == Phase.TAKING) {
            d.disarmTimer();
            d.traceEnd(StepEnd.ALL_LEGS_FAILED, e.at());
            ChainRunner.resume(d, e.at());
        } else if (d.pendingClaim == 0 && !d.hasRingingLegs()) {
            ChainRunner.advance(d, StepEnd.ALL_LEGS_FAILED, e.at());
        }
    }

    /** CANCEL or BYE from the caller, or BYE from the answering side after connection. */
    private static void onHangUp(CallDraft d, Instant at) {
        switch (d.phase) {
            case NEW, ROUTING, TAKING -> {
                d.cancelRinging(LegResult.CANCELLED, at);
                d.traceEnd(StepEnd.CALLER_HUNG_UP, at);
                CallEnding.finish(d, CallOutcome.ABANDONED, null, "caller hung up", at);
            }
            case CONNECTED -> endConnected(d, at);
            case ENDED -> { }
        }
    }

    private static void endConnected(CallDraft d, Instant at) {
        Leg winner = d.leg(d.winnerLegId).orElseThrow();
        d.replace(winner.ended(LegResult.ANSWERED, at));
        if (winner.isAgent()) {
            d.emit(new CallCommand.ReleaseAgent(winner.agentId(), AgentState.WRAP_UP));
        }
        CallEnding.finish(d, CallOutcome.ANSWERED, null, "answered", at);
    }

    /** Only the armed timer of the armed generation counts; anything else is stale and changes nothing. */
    private static void onTimer(CallDraft d, CallEvent.TimerFired e) {
        if (!d.isArmed(e.timerId(), e.generation())) {
            return;
        }
        d.disarmTimer();
        if (e.timerId() == TimerId.STEP && d.phase == Phase.ROUTING) {
            d.pendingClaim = 0; // a claim still out is now stale: its agents get released when it answers
            d.cancelRinging(LegResult.NO_ANSWER, e.at());
            ChainRunner.advance(d, StepEnd.TIMED_OUT, e.at());
        } else if (e.timerId() == TimerId.TAKE && d.phase == Phase.TAKING) {
            d.cancelRinging(LegResult.NO_ANSWER, e.at());
            d.traceEnd(StepEnd.TIMED_OUT, e.at());
            ChainRunner.resume(d, e.at());
        }
    }

    /**
     * An agent takes the call from the screen pop: stop everything that rings, ring the taker with auto-answer.
     * Turned down when the call is not being routed (already connected, over, or another take in progress);
     * then the shell's claim on the taker is given back, unless this call held them already.
     */
    private void onAgentTook(CallDraft d, CallEvent.AgentTook e) {
        String taker = e.agentId();
        if (d.phase != Phase.ROUTING) {
            if (!d.holds(taker)) {
                d.emit(new CallCommand.ReleaseAgent(taker, AgentState.AVAILABLE));
            }
            return;
        }
        Instant at = e.at();
        for (Leg leg : d.legs.stream().filter(Leg::ringing).toList()) {
            d.emit(new CallCommand.CancelLeg(leg.legId()));
            // The taker's own ringing leg gives way to the auto-answer leg; their claim stays with the call.
            d.close(leg, LegResult.CANCELLED, at, taker.equals(leg.agentId()));
        }
        d.pendingClaim = 0;
        d.disarmTimer();
        d.traceEnd(StepEnd.TAKEN, at);
        d.phase = Phase.TAKING;
        d.traceStart("take:" + taker, at);
        d.takeLegId = d.ring(LegKind.AGENT, taker, e.contact(), true, at).legId();
        d.armTimer(TimerId.TAKE, takeTimeout);
        d.emit(new CallCommand.Publish(new ConsoleEvent.Taken(d.call.callId(), taker)));
    }
}
