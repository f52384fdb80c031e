package dozvon.core.chain;

import dozvon.core.presence.SkipReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one chain step did, for the call's routing trace: whom it considered and why each was skipped, which
 * legs it rang, and why it ended. A take from the screen pop gets its own entry, target {@code take:<agent>}.
 *
 * @param endedBy null while the step runs
 */
public record StepTrace(
        int stepIndex,
        String target,
        Instant startedAt,
        List<Consideration> considered,
        List<String> legIds,
        Instant endedAt,
        StepEnd endedBy) {

    /** One agent a claim looked at: claimed (skippedBecause null) or skipped with a reason. */
    public record Consideration(String agentId, SkipReason skippedBecause) {
        public Consideration {
            Objects.requireNonNull(agentId, "agentId");
        }

        public boolean claimed() { return skippedBecause == null; }
    }

    public StepTrace {
        considered = List.copyOf(considered);
        legIds = List.copyOf(legIds);
    }

    static StepTrace started(int stepIndex, String target, Instant at) {
        return new StepTrace(stepIndex, target, at, List.of(), List.of(), null, null);
    }

    public boolean running() { return endedBy == null; }

    StepTrace consider(List<Consideration> more) {
        List<Consideration> all = new ArrayList<>(considered);
        all.addAll(more);
        return new StepTrace(stepIndex, target, startedAt, all, legIds, endedAt, endedBy);
    }

    StepTrace rang(String legId) {
        List<String> all = new ArrayList<>(legIds);
        all.add(legId);
        return new StepTrace(stepIndex, target, startedAt, considered, all, endedAt, endedBy);
    }

    StepTrace ended(StepEnd why, Instant at) {
        return new StepTrace(stepIndex, target, startedAt, considered, legIds, at, why);
    }
}
