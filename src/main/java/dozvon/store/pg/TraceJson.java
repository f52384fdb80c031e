package dozvon.store.pg;

import dozvon.core.chain.StepTrace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** The routing trace as stored in {@code calls.trace}: wire names and ISO times, ready for the API. */
final class TraceJson {

    private TraceJson() {}

    static JsonArray of(List<StepTrace> trace) {
        JsonArray steps = new JsonArray();
        for (StepTrace s : trace) {
            JsonArray considered = new JsonArray();
            for (StepTrace.Consideration c : s.considered()) {
                JsonObject o = new JsonObject().put("agent", c.agentId());
                if (!c.claimed()) {
                    o.put("skipped", c.skippedBecause().wire());
                }
                considered.add(o);
            }
            steps.add(new JsonObject()
                    .put("step", s.stepIndex())
                    .put("target", s.target())
                    .put("startedAt", iso(s.startedAt()))
                    .put("endedAt", iso(s.endedAt()))
                    .put("endedBy", s.endedBy() == null ? null : s.endedBy().wire())
                    .put("considered", considered)
                    .put("legs", new JsonArray(List.copyOf(s.legIds()))));
        }
        return steps;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
