package dozvon.core.port;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Messages between replicas for the agent consoles (Redis pub/sub in production). Every replica, the sender
 * included, hears every message, so one replica works exactly like many. Payloads are opaque text (the
 * console edge encodes them); delivery is at most once and in order per topic.
 */
public interface ConsoleBus {

    /** What travels: call events for screen pops, take requests and their results, and presence changes. */
    enum Topic {
        /** {@code call.*} events from the replica that owns the call. */
        CALLS,
        /** Takes from the screen pop, forwarded to the call's owner, and the owner's answers. */
        TAKES,
        /** Presence changes; published by the presence store itself on every change. */
        PRESENCE
    }

    /** Publishes to every replica; completes when the bus accepted the message. */
    CompletionStage<Void> publish(Topic topic, String payload);

    /**
     * Starts listening to every topic; completes once subscribed. After the bus reconnects (a lost
     * connection) messages sent in between are lost: the listener is told through {@code onResubscribed}.
     */
    CompletionStage<Void> subscribe(BiConsumer<Topic, String> listener, Runnable onResubscribed);
}
