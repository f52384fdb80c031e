package dozvon.edge.http;

import dozvon.core.port.CallDetail;
import dozvon.core.port.CallSummary;
import dozvon.core.port.LegSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * Calls as the API shows them: camelCase names, ISO-8601 UTC times, seconds as numbers. Every field is present,
 * null when unknown, so clients see one shape whatever the outcome.
 */
final class CallJson {

    private CallJson() {}

    static JsonArray list(List<CallSummary> calls) {
        JsonArray out = new JsonArray();
        calls.forEach(c -> out.add(call(c)));
        return out;
    }

    static JsonObject call(CallSummary c) {
        return new JsonObject()
                .put("callId", c.callId())
                .put("direction", c.direction())
                .put("caller", c.caller())
                .put("dialed", c.dialed())
                .put("group", c.group())
                .put("outcome", c.outcome())
                .put("finalCode", c.finalCode())
                .put("reason", c.reason())
                .put("answeredBy", c.answeredBy())
                .put("arrivedAt", iso(c.arrivedAt()))
                .put("firstRingAt", iso(c.firstRingAt()))
                .put("answeredAt", iso(c.answeredAt()))
                .put("endedAt", iso(c.endedAt()))
                .put("waitSeconds", c.waitSeconds())
                .put("talkSeconds", c.talkSeconds())
                .put("offHours", c.offHours());
    }

    /** The call's fields, then {@code legs} in ring order and {@code trace} exactly as stored. */
    static JsonObject detail(CallDetail d) {
        JsonArray legs = new JsonArray();
        d.legs().forEach(l -> legs.add(leg(l)));
        return call(d.call())
                .put("legs", legs)
                .put("trace", new JsonArray(d.traceJson()))
                .put("tracking", d.trackingJson() == null ? null : new JsonObject(d.trackingJson()));
    }

    static JsonObject leg(LegSummary l) {
        return new JsonObject()
                .put("legId", l.legId())
                .put("legNo", l.legNo())
                .put("step", l.step())
                .put("kind", l.kind())
                .put("target", l.target())
                .put("agent", l.agent())
                .put("address", l.address())
                .put("autoAnswer", l.autoAnswer())
                .put("startedAt", iso(l.startedAt()))
                .put("ringingAt", iso(l.ringingAt()))
                .put("answeredAt", iso(l.answeredAt()))
                .put("endedAt", iso(l.endedAt()))
                .put("result", l.result());
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
