package dozvon.core.notify;

import java.time.Instant;

/** One delivery as an admin sees it: where it goes, how it stands, and why it last failed. */
public record DeliveryView(long id, String idempotencyKey, String event, Channel channel, String target, String status,
                           int attempts, Instant nextAttemptAt, String lastError, Instant deliveredAt,
                           Instant queuedAt) {}
