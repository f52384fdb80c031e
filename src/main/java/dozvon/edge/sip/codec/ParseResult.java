package dozvon.edge.sip.codec;

import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;

/**
 * What the codec made of some bytes. Exactly one of:
 * <ul>
 *   <li>{@link Parsed}: a well-formed message for the transaction layer;</li>
 *   <li>{@link Invalid}: a malformed message. When {@code partialRequest} is non-null the transport
 *       answers it statelessly with {@code statusCode} (400, 505, 513, ...; RFC 3261 §8.2.2, §16.3) — the
 *       partial request carries whatever Via, From, To, Call-ID and CSeq could be read, so
 *       {@code SipResponse.forRequest(partial, status, reason)} builds the answer. Send it back to the
 *       packet's source address or down the same connection: the partial request's own headers
 *       (even its Via) may be the malformed part, so do not parse them to route. When it is null
 *       (a malformed response, or a request whose start line was unusable) the message is dropped
 *       (RFC 3261 §18.1.2 for responses);</li>
 *   <li>{@link Garbage}: not SIP at all (or a keep-alive on UDP): drop silently.</li>
 * </ul>
 */
public sealed interface ParseResult {

    record Parsed(SipMessage message) implements ParseResult {
    }

    record Invalid(int statusCode, String reason, SipRequest partialRequest) implements ParseResult {
        private static final int MAX_REASON_LENGTH = 120;

        /**
         * The reason may quote the offending value; it is cut short and stripped of control characters
         * so that it can go straight into a Reason-Phrase (RFC 3261 §25.1: no CR, LF or other CTLs).
         */
        public Invalid {
            reason = sanitize(reason);
        }

        private static String sanitize(String reason) {
            if (reason == null) {
                return "Bad Request";
            }
            StringBuilder sb = new StringBuilder(Math.min(reason.length(), MAX_REASON_LENGTH));
            for (int i = 0; i < reason.length() && sb.length() < MAX_REASON_LENGTH; i++) {
                char c = reason.charAt(i);
                sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
            }
            return sb.toString();
        }

        /** True when the sender should get a response (only requests are answered). */
        public boolean answerable() {
            return partialRequest != null;
        }
    }

    record Garbage(String why) implements ParseResult {
    }
}
