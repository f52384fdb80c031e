package dozvon.edge.sip.transport;

import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.transaction.Destination;

/** What the transport hands up: parsed messages with where they came from, and counts for the metrics. */
public interface SipTransportListener {

    /** A well-formed message; requests already carry Via received/rport (RFC 3581). */
    void onMessage(SipMessage message, Destination source);

    /** Something that did not parse (answered with 4xx/5xx where it was a request, else dropped). */
    default void onParseError(String why, Destination source) {
    }

    /** A packet or message dropped by the per-source rate limit. */
    default void onRateLimited(Destination source) {
    }

    /** A message went out: request method, or "response". */
    default void onSent(SipMessage message) {
    }
}
