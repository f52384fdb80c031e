package dozvon.app;

import dozvon.core.port.Notification;
import dozvon.core.port.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands in for the notification outbox until it is wired: says each notification in the log, delivers nothing.
 * Replace it with the outbox's {@link Notifier} in {@link Gateway}.
 */
final class LoggingNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(LoggingNotifier.class);

    @Override
    public CompletionStage<Void> notify(Notification n) {
        log.info("event=notification type={} key={} data={}", n.event(), n.idempotencyKey(), n.data());
        return CompletableFuture.completedFuture(null);
    }
}
