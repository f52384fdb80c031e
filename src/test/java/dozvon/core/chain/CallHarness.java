package dozvon.core.chain;

import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.SkippedAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Drives one call through {@link CallMachine} on virtual time, the way the shell would: keeps the state,
 * schedules every StartTimer on a virtual timer wheel (stale ones too: they fire, and must do nothing), and
 * remembers every command.
 */
final class CallHarness {

    static final Instant T0 = Instant.parse("2027-03-01T09:00:00Z");

    final CallMachine machine;
    CallState state;
    Instant now = T0;
    List<CallCommand> last = List.of();
    final List<CallCommand> all = new ArrayList<>();
    private final List<Scheduled> wheel = new ArrayList<>();

    record Scheduled(TimerId id, long generation, Instant due) {}

    CallHarness(InboundCall call) {
        this(new CallMachine(), call);
    }

    CallHarness(CallMachine machine, InboundCall call) {
        this.machine = machine;
        this.state = CallMachine.newCall(call);
    }

    List<CallCommand> feed(CallEvent event) {
        Transition t = machine.next(state, event);
        state = t.state();
        last = t.commands();
        all.addAll(last);
        for (CallCommand c : last) {
            if (c instanceof CallCommand.StartTimer s) {
                wheel.add(new Scheduled(s.timerId(), s.generation(), now.plus(s.after())));
            }
        }
        return last;
    }

    List<CallCommand> offer() { return feed(new CallEvent.Offered(now)); }

    /** Answers the pending claim with these agents claimed (contact sip:<id>@phones) and these skipped. */
    List<CallCommand> claim(List<String> claimed, List<SkippedAgent> skipped) {
        CallCommand.ClaimTargets c = pendingClaim();
        return feed(new CallEvent.TargetsClaimed(c.stepIndex(), c.attempt(),
                claimed.stream().map(a -> new ClaimedAgent(a, contact(a))).toList(), skipped, now));
    }

    List<CallCommand> claim(String... claimed) { return claim(List.of(claimed), List.of()); }

    CallCommand.ClaimTargets pendingClaim() {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) instanceof CallCommand.ClaimTargets c && c.attempt() == state.pendingClaim()) {
                return c;
            }
        }
        throw new AssertionError("no claim pending in " + state.phase());
    }

    static String contact(String agentId) { return "sip:" + agentId + "@phones"; }

    /** The latest leg rung to this agent or number. */
    String legTo(String agentOrNumber) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) instanceof CallCommand.RingLeg r
                    && (agentOrNumber.equals(r.agentId()) || agentOrNumber.equals(r.address()))) {
                return r.legId();
            }
        }
        throw new AssertionError("nobody rang " + agentOrNumber);
    }

    List<CallCommand> ringing(String agentOrNumber) { return feed(new CallEvent.LegRinging(legTo(agentOrNumber), now)); }

    List<CallCommand> answer(String agentOrNumber) { return feed(new CallEvent.LegAnswered(legTo(agentOrNumber), now)); }

    List<CallCommand> fail(String agentOrNumber, LegFailure why) {
        return feed(new CallEvent.LegFailed(legTo(agentOrNumber), why, now));
    }

    List<CallCommand> hangUp() { return feed(new CallEvent.CallerHungUp(now)); }

    List<CallCommand> endCall() { return feed(new CallEvent.CallEnded(now)); }

    List<CallCommand> take(String agentId) { return feed(new CallEvent.AgentTook(agentId, contact(agentId), now)); }

    /**
     * Moves virtual time forward, firing every timer that falls due on the way, in due order, each at its
     * own instant. Returns the commands of all those firings.
     */
    List<CallCommand> advance(Duration d) {
        Instant until = now.plus(d);
        List<CallCommand> out = new ArrayList<>();
        while (true) {
            Scheduled next = wheel.stream().filter(s -> !s.due().isAfter(until))
                    .min(Comparator.comparing(Scheduled::due)).orElse(null);
            if (next == null) {
                break;
            }
            wheel.remove(next);
            now = next.due();
            out.addAll(feed(new CallEvent.TimerFired(next.id(), next.generation(), now)));
        }
        now = until;
        last = out;
        return out;
    }

    List<CallCommand> advanceSeconds(long s) { return advance(Duration.ofSeconds(s)); }

    CallCommand.Record record() {
        List<CallCommand.Record> records = all.stream()
                .filter(c -> c instanceof CallCommand.Record).map(c -> (CallCommand.Record) c).toList();
        if (records.size() != 1) {
            throw new AssertionError("expected one record, got " + records.size());
        }
        return records.get(0);
    }

    <T extends CallCommand> List<T> lastOf(Class<T> type) {
        return last.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
