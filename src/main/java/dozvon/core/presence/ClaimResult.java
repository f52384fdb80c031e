package dozvon.core.presence;

import java.util.List;

/** The outcome of one claim: who now rings for the call, and who was considered but passed over. */
public record ClaimResult(List<ClaimedAgent> claimed, List<SkippedAgent> skipped) {
    public ClaimResult {
        claimed = List.copyOf(claimed);
        skipped = List.copyOf(skipped);
    }

    public static ClaimResult none() { return new ClaimResult(List.of(), List.of()); }
}
