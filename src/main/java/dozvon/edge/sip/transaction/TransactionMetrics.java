package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipMessage;

/**
 * Counters the application wires to Micrometer. Every method defaults to doing nothing; calls come
 * from the layer's event loop.
 */
public interface TransactionMetrics {
    TransactionMetrics NOOP = new TransactionMetrics() {
    };

    /** A request or response this layer sent again: a timer retransmission or an answer to one. */
    default void retransmissionSent(SipMessage message) {
    }

    /** A retransmitted request or response that matched a transaction and went no further up. */
    default void retransmissionAbsorbed(SipMessage message) {
    }

    /** A transaction gave up: Timer B or F on a client, Timer H on a server. */
    default void timedOut(String timer, String method) {
    }
}
