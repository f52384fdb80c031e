package dozvon.core.port;

import java.util.List;
import java.util.Objects;

/**
 * A recorded call with its legs (in ring order) and its routing trace.
 *
 * @param traceJson the trace exactly as stored, a JSON array with one object per chain step
 *                  ({@code {step, target, startedAt, endedAt, endedBy, considered: [{agent, skipped?}], legs}}).
 *                  Kept as text because the core has no JSON library and nobody in it reads the trace: it is
 *                  written by the store and shown by the API as it is.
 * @param trackingJson where the call came from ({@code calls.tracking}) as stored, a JSON object; null when
 *                     untracked. Text for the same reason as the trace.
 */
public record CallDetail(CallSummary call, List<LegSummary> legs, String traceJson, String trackingJson) {

    public CallDetail {
        Objects.requireNonNull(call, "call");
        legs = List.copyOf(legs);
        traceJson = traceJson == null || traceJson.isBlank() ? "[]" : traceJson;
        trackingJson = trackingJson == null || trackingJson.isBlank() ? null : trackingJson;
    }

    public CallDetail(CallSummary call, List<LegSummary> legs, String traceJson) {
        this(call, legs, traceJson, null);
    }
}
