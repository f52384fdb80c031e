package dozvon.core.notify;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The outbox as operators see it: what is pending or failed, and sending a failed delivery once more. */
public interface DeliveryLog {

    /** What became of a request to send a delivery again. */
    enum Requeue { REQUEUED, NOT_FAILED, UNKNOWN }

    /** Newest first; {@code status} null for all. */
    CompletionStage<List<DeliveryView>> recent(String status, int limit);

    /** A failed delivery starts over: pending, due at {@code now}, with a fresh retry ladder. */
    CompletionStage<Requeue> requeue(long deliveryId, Instant now);
}
