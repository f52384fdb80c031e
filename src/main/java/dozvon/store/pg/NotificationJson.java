package dozvon.store.pg;

import dozvon.core.port.Notification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifications as spool lines and jsonb, and back to plain maps and lists (no Vert.x types leak into data). */
final class NotificationJson {

    private NotificationJson() {}

    static String toLine(Notification n) {
        return new JsonObject()
                .put("event", n.event())
                .put("key", n.idempotencyKey())
                .put("occurredAt", n.occurredAt().toString())
                .put("data", data(n))
                .encode();
    }

    static Notification fromLine(String line) {
        JsonObject o = new JsonObject(line);
        return new Notification(o.getString("event"), o.getString("key"), Instant.parse(o.getString("occurredAt")),
                plainMap(o.getJsonObject("data", new JsonObject())));
    }

    static JsonObject data(Notification n) {
        return new JsonObject(new LinkedHashMap<>(n.data()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plainMap(JsonObject o) {
        return (Map<String, Object>) plain(o);
    }

    private static Object plain(Object v) {
        if (v instanceof JsonObject o) {
            return plain(o.getMap());
        }
        if (v instanceof JsonArray a) {
            return plain(a.getList());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> {
                if (val != null) {
                    out.put(String.valueOf(k), plain(val));
                }
            });
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }
}
