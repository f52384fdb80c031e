package dozvon.core.port;

import java.util.concurrent.CompletionStage;

/**
 * Queues a notification for delivery (Postgres outbox: e-mail, webhooks). Completes when the notification is
 * durably queued, never waiting for delivery; a duplicate idempotency key completes normally and queues nothing.
 */
@FunctionalInterface
public interface Notifier {

    CompletionStage<Void> notify(Notification notification);
}
