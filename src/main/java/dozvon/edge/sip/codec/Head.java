package dozvon.edge.sip.codec;

import dozvon.edge.sip.message.Header;
import java.util.List;

/**
 * The start line and header lines of one message, before validation. Errors that do not prevent
 * framing (an over-long line, too many headers) are recorded rather than thrown, so that the message
 * can still be read far enough to answer it.
 */
final class Head {
    static final int CONTENT_LENGTH_ABSENT = -1;

    final String startLine;
    final List<Header> headers;
    /** Declared body length, or {@link #CONTENT_LENGTH_ABSENT}. */
    final int contentLength;
    /** Why Content-Length is unusable (negative, not a number, repeated), else null. */
    final String contentLengthError;
    /** Index just after the blank line (or the end of the input when there was none). */
    final int bodyOffset;
    private int errorStatus;
    private String errorReason;

    Head(String startLine, List<Header> headers, int contentLength, String contentLengthError, int bodyOffset,
         int errorStatus, String errorReason) {
        this.startLine = startLine;
        this.headers = headers;
        this.contentLength = contentLength;
        this.contentLengthError = contentLengthError;
        this.bodyOffset = bodyOffset;
        this.errorStatus = errorStatus;
        this.errorReason = errorReason;
    }

    boolean framable() {
        return contentLengthError == null && contentLength != CONTENT_LENGTH_ABSENT;
    }

    /** Overrides any recorded error: used for size limits found by the caller. */
    void forceError(int status, String reason) {
        errorStatus = status;
        errorReason = reason;
    }

    int errorStatus() {
        return errorStatus;
    }

    String errorReason() {
        return errorReason;
    }
}
