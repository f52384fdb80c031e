package dozvon.edge.sip.codec;

import dozvon.edge.sip.message.Header;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.HeaderValues;
import dozvon.edge.sip.message.SipSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the header section into the start line and unfolded header lines (RFC 3261 §7.3.1): a line
 * starting with SP or HTAB continues the previous one and the line break becomes a single SP.
 * Lines end in CRLF; a bare LF is tolerated. Text is decoded as UTF-8 (RFC 3261 §25.1 TEXT-UTF8).
 *
 * <p>Content-Length is taken out of the header list here: it frames the body and is regenerated on
 * output, so the message model does not keep it.
 */
final class HeadReader {
    private final SipParserLimits limits;

    HeadReader(SipParserLimits limits) {
        this.limits = limits;
    }

    /** Reads from {@code start} (the first byte of the start line) up to the blank line or {@code end}. */
    Head read(byte[] b, int start, int end) {
        Accumulator acc = new Accumulator();
        int lineStop = lineStop(b, start, end);
        int next = afterLineBreak(b, lineStop, end);
        String startLine = withoutBareCr(new String(b, start, lineStop - start, StandardCharsets.UTF_8), acc);
        if (lineStop - start > limits.maxHeaderLineBytes()) {
            boolean response = startLine.regionMatches(true, 0, "SIP/", 0, 4);
            acc.error(response ? 400 : 414, response ? "Status-Line too long" : "Request-URI Too Long");
        }
        int bodyOffset = end;
        int lineStart = next;
        while (lineStart < end) {
            lineStop = lineStop(b, lineStart, end);
            next = afterLineBreak(b, lineStop, end);
            if (lineStop == lineStart && next > lineStop) {
                bodyOffset = next; // the blank line ends the header section
                break;
            }
            boolean continuation = continuedAt(b, lineStart, end);
            int length = lineStop - lineStart + (continuation ? acc.pendingLength() : 0);
            if (length > limits.maxHeaderLineBytes()) {
                acc.error(400, "Header line too long");
                if (continuation) {
                    lineStart = next;
                    continue;
                }
            }
            if (!continuation && !continuedAt(b, next, end)) {
                acc.flush();
                if (acc.wholeLine(b, lineStart, lineStop)) {
                    lineStart = next;
                    continue;
                }
                // not a plain "name: value" line: the general path below says what is wrong with it
            }
            String text = withoutBareCr(new String(b, lineStart, lineStop - lineStart, StandardCharsets.UTF_8), acc);
            if (continuation) {
                acc.continueLine(text);
            } else {
                acc.flush();
                acc.startLine(text);
            }
            lineStart = next;
        }
        acc.flush();
        return new Head(startLine, acc.headers, acc.contentLength, acc.contentLengthError, bodyOffset,
                acc.status, acc.reason);
    }

    /** Collects header lines, joining continuations, and records the first framing-safe error. */
    private final class Accumulator {
        final List<Header> headers = new ArrayList<>(16);
        int contentLength = Head.CONTENT_LENGTH_ABSENT;
        String contentLengthError;
        int status;
        String reason;
        private int lines;
        private String pendingName;
        private final StringBuilder pendingValue = new StringBuilder(64);

        void error(int status, String reason) {
            // a size error outranks a syntax error: it is what the sender must fix first
            if (this.status == 0 || status == 513 && this.status != 513) {
                this.status = status;
                this.reason = reason;
            }
        }

        int pendingLength() {
            return pendingName == null ? 0 : pendingValue.length();
        }

        void startLine(String text) {
            int colon = text.indexOf(':');
            String name = colon < 0 ? "" : trimLws(text.substring(0, colon));
            if (colon < 0 || !isToken(name)) {
                error(400, "Malformed header line");
                return;
            }
            pendingName = name;
            pendingValue.setLength(0);
            pendingValue.append(text, colon + 1, text.length());
        }

        void continueLine(String text) {
            if (pendingName == null) {
                error(400, "Continuation line without a header");
                return;
            }
            pendingValue.append(' ').append(trimLws(text));
        }

        void flush() {
            if (pendingName == null) {
                return;
            }
            String name = pendingName;
            pendingName = null;
            add(name, trimLws(pendingValue.toString()));
        }

        /**
         * A header line that no continuation line follows (nearly all of them), read straight from its bytes into
         * its name and its value: one String each, where the general path makes five copies of a line. Returns
         * false, having read nothing, for a line that is not a plain {@code name: value}.
         */
        boolean wholeLine(byte[] b, int from, int to) {
            int colon = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '\r') {
                    return false; // a bare CR: the general path replaces it and reports it
                }
                if (colon < 0 && b[i] == ':') {
                    colon = i;
                }
            }
            if (colon < 0) {
                return false;
            }
            int nameFrom = skipLws(b, from, colon);
            int nameTo = trimLwsEnd(b, nameFrom, colon);
            // a token is ASCII: anything else decodes to a character isToken refuses, as it would from UTF-8
            String name = new String(b, nameFrom, nameTo - nameFrom, StandardCharsets.ISO_8859_1);
            if (!isToken(name)) {
                return false;
            }
            int valueFrom = skipLws(b, colon + 1, to);
            int valueTo = trimLwsEnd(b, valueFrom, to);
            // SP and HTAB never occur inside a UTF-8 sequence: trimming the bytes trims the text
            add(name, new String(b, valueFrom, valueTo - valueFrom, StandardCharsets.UTF_8));
            return true;
        }

        private void add(String name, String value) {
            if (++lines > limits.maxHeaders()) {
                error(513, "Too many header fields");
                return;
            }
            if (!HeaderNames.canonical(name).equals(HeaderNames.CONTENT_LENGTH)) {
                headers.add(new Header(name, value));
            } else if (contentLength != Head.CONTENT_LENGTH_ABSENT || contentLengthError != null) {
                // RFC 4475 §3.3.9 (mcl01): which one frames the body is unknowable
                contentLength = Head.CONTENT_LENGTH_ABSENT;
                contentLengthError = "Multiple Content-Length headers";
            } else {
                try {
                    contentLength = HeaderValues.parseContentLength(value);
                } catch (SipSyntaxException e) {
                    contentLengthError = "Bad Content-Length: " + value;
                }
            }
        }
    }

    /**
     * A CR that is not part of a line's CRLF is illegal anywhere in the head (RFC 3261 §25.1: not
     * TEXT-UTF8, not qdtext, not a quoted-pair). It is replaced by SP, so that it can never turn into a
     * line break downstream, and the message gets a 400.
     */
    private static String withoutBareCr(String line, Accumulator acc) {
        if (line.indexOf('\r') < 0) {
            return line;
        }
        acc.error(400, "Bare CR in header section");
        return line.replace('\r', ' ');
    }

    /** True when the line at {@code lineStart} continues the one before it. */
    private static boolean continuedAt(byte[] b, int lineStart, int end) {
        return lineStart < end && (b[lineStart] == ' ' || b[lineStart] == '\t');
    }

    private static int skipLws(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimLwsEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    static String trimLws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-.!%*_+`'~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** End of the line's text: before its LF, and before a CR that precedes it. */
    private static int lineStop(byte[] b, int from, int end) {
        int i = from;
        while (i < end && b[i] != '\n') {
            i++;
        }
        return i > from && b[i - 1] == '\r' ? i - 1 : i;
    }

    private static int afterLineBreak(byte[] b, int lineStop, int end) {
        int i = lineStop;
        if (i < end && b[i] == '\r') {
            i++;
        }
        if (i < end && b[i] == '\n') {
            i++;
        }
        return i;
    }
}
