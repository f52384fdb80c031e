package dozvon.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something the outside world is told about (e-mail to the head, webhooks).
 *
 * @param event          the event name: {@code call.missed}, {@code call.answered}, {@code callback.created},
 *                       {@code callback.closed}
 * @param idempotencyKey unique per event occurrence (e.g. {@code call.missed:<callId>}); a second notification with
 *                       the same key is dropped, so replays and retries deliver exactly once
 * @param occurredAt     when it happened
 * @param data           the event's fields (strings, numbers, booleans, nested maps/lists), sent as JSON
 */
public record Notification(String event, String idempotencyKey, Instant occurredAt, Map<String, Object> data) {

    public Notification {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = Map.copyOf(data);
    }
}
