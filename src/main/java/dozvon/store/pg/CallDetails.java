package dozvon.store.pg;

import io.vertx.core.json.JsonArray;

import java.util.List;

/**
 * A call with its legs (in ring order) and its routing trace: one JSON object per chain step,
 * {@code {step, target, startedAt, endedAt, endedBy, considered: [{agent, skipped?}], legs: [legId]}}.
 */
public record CallDetails(CallRow call, List<LegRow> legs, JsonArray trace) {
    public CallDetails {
        legs = List.copyOf(legs);
    }
}
