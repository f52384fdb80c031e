package dozvon.edge.http;

import dozvon.core.callback.CallbackTask;
import dozvon.core.port.CallbackTasks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** A callback task as the API shows it (times ISO-8601 UTC; absent values are null). */
final class CallbackJson {

    private CallbackJson() {}

    static JsonObject of(CallbackTask t) {
        return new JsonObject()
                .put("id", t.id())
                .put("phone", t.phone())
                .put("group", t.groupId())
                .put("reason", t.reason().wire())
                .put("note", t.note())
                .put("agent", t.agentId())
                .put("status", t.status().wire())
                .put("dueAt", iso(t.dueAt()))
                .put("attempts", t.attempts())
                .put("calls", t.calls())
                .put("lastCallId", t.lastCallId())
                .put("closeReason", t.closeReason() == null ? null : t.closeReason().wire())
                .put("closeNote", t.closeNote())
                .put("createdAt", iso(t.createdAt()))
                .put("updatedAt", iso(t.updatedAt()))
                .put("closedAt", iso(t.closedAt()));
    }

    static JsonObject withAttempts(CallbackTask t, List<CallbackTasks.Attempt> attempts) {
        JsonArray list = new JsonArray();
        attempts.forEach(a -> list.add(new JsonObject().put("callId", a.callId()).put("agent", a.agentId())
                .put("result", a.result()).put("startedAt", iso(a.startedAt())).put("endedAt", iso(a.endedAt()))));
        return of(t).put("attemptHistory", list);
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
