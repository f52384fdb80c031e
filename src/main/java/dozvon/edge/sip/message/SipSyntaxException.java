package dozvon.edge.sip.message;

/**
 * A header value or URI does not follow the RFC 3261 §25 grammar.
 *
 * <p>Thrown by the value parsers of this package and caught by the codec, which turns it into a
 * 400 result. It carries no stack trace: it is an expected outcome on hostile input, thrown on the
 * event loop, and filling a stack trace per malformed packet would be a cheap way to burn CPU.
 */
public final class SipSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SipSyntaxException(String message) {
        super(message, null, false, false);
    }
}
