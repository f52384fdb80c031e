package dozvon.edge.sip.codec;

import dozvon.edge.sip.codec.ParseResult.Garbage;
import dozvon.edge.sip.codec.ParseResult.Invalid;
import dozvon.edge.sip.codec.ParseResult.Parsed;
import dozvon.edge.sip.message.AbsoluteUri;
import dozvon.edge.sip.message.SipHeaders;
import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipSyntaxException;
import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.message.Uri;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Parses one complete SIP message (RFC 3261 §7, §25) into a {@link ParseResult}. Never throws.
 *
 * <p>{@link #parse(byte[], int, int)} has datagram semantics (RFC 3261 §18.3): without Content-Length
 * the body runs to the end of the datagram; octets beyond Content-Length are discarded; a body shorter
 * than Content-Length is an error. {@link SipStreamDecoder} frames stream messages itself and uses the
 * package-private two-step API. Instances are stateless and may be shared between event loops.
 */
public final class SipParser {
    private static final byte[] NO_BODY = new byte[0];

    private final SipParserLimits limits;
    private final HeadReader headReader;

    public SipParser() {
        this(SipParserLimits.DEFAULTS);
    }

    public SipParser(SipParserLimits limits) {
        this.limits = limits;
        this.headReader = new HeadReader(limits);
    }

    public SipParserLimits limits() {
        return limits;
    }

    /** Parses the readable bytes of a datagram without consuming them. */
    public ParseResult parse(ByteBuf datagram) {
        byte[] bytes = new byte[datagram.readableBytes()];
        datagram.getBytes(datagram.readerIndex(), bytes);
        return parse(bytes, 0, bytes.length);
    }

    public ParseResult parse(byte[] datagram) {
        return parse(datagram, 0, datagram.length);
    }

    /** Parses one datagram's worth of bytes. */
    public ParseResult parse(byte[] b, int off, int len) {
        try {
            int end = off + len;
            int start = off;
            // RFC 3261 §7.5: CRLFs before the start line are ignored; alone they are a keep-alive.
            while (start < end && (b[start] == '\r' || b[start] == '\n')) {
                start++;
            }
            if (start == end) {
                return new Garbage("keep-alive or empty datagram");
            }
            if (!looksLikeSipStartLine(b, start, end)) {
                return new Garbage("not a SIP start line");
            }
            Head head = headReader.read(b, start, end);
            if (len > limits.maxMessageBytes()) {
                head.forceError(513, "Message Too Large");
            }
            byte[] body = head.bodyOffset < end ? Arrays.copyOfRange(b, head.bodyOffset, end) : NO_BODY;
            return complete(head, body, false);
        } catch (RuntimeException e) {
            // Belt and braces: the parsers above signal bad input by return value or SipSyntaxException.
            return new Garbage("parser failure: " + e);
        }
    }

    /**
     * A cheap first look so that binary noise, TLS handshakes or HTTP on the SIP port are dropped
     * without building strings: a status line starts with "SIP/", a Request-Line contains " SIP/".
     */
    static boolean looksLikeSipStartLine(byte[] b, int start, int end) {
        int lineEnd = start;
        while (lineEnd < end && b[lineEnd] != '\n') {
            lineEnd++;
        }
        if (startsWithSip(b, start, lineEnd)) {
            return true;
        }
        for (int i = start; i < lineEnd; i++) {
            if (b[i] == ' ' && startsWithSip(b, i + 1, lineEnd)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithSip(byte[] b, int at, int end) {
        return at + 4 <= end && (b[at] | 0x20) == 's' && (b[at + 1] | 0x20) == 'i' && (b[at + 2] | 0x20) == 'p'
                && b[at + 3] == '/';
    }

    Head readHead(byte[] b, int start, int end) {
        return headReader.read(b, start, end);
    }

    /** Turns a head and its body into a result; {@code stream} means the body was framed exactly. */
    ParseResult complete(Head head, byte[] body, boolean stream) {
        try {
            if (head.startLine.regionMatches(true, 0, "SIP/", 0, 4)) {
                return completeResponse(head, body, stream);
            }
            return completeRequest(head, body, stream);
        } catch (RuntimeException e) {
            return new Garbage("parser failure: " + e);
        }
    }

    private ParseResult completeRequest(Head head, byte[] body, boolean stream) {
        String line = head.startLine;
        String trimmed = HeadReader.trimLws(line);
        int sp1 = trimmed.indexOf(' ');
        int spLast = trimmed.lastIndexOf(' ');
        if (sp1 <= 0 || spLast <= sp1) {
            return new Garbage("Request-Line without method, Request-URI and version");
        }
        String method = trimmed.substring(0, sp1);
        String version = trimmed.substring(spLast + 1);
        String uriText = trimmed.substring(sp1 + 1, spLast);
        if (!HeadReader.isToken(method) || !version.regionMatches(true, 0, "SIP/", 0, 4)) {
            return new Garbage("not a SIP Request-Line");
        }
        String lineError = null;
        Uri uri;
        try {
            uri = Uri.parse(uriText);
        } catch (SipSyntaxException e) {
            uri = new AbsoluteUri("", uriText);
            lineError = "Malformed Request-URI";
        }
        // RFC 3261 §7.1 and §25.1: exactly one SP between the elements and none at the end
        // (RFC 4475 §3.1.2.9–11: lwsruri, lwsstart, trws).
        if (!trimmed.equals(line) || uriText.indexOf(' ') >= 0 || uriText.indexOf('\t') >= 0) {
            lineError = "Request-Line elements must be separated by single SP";
        } else if (uri instanceof SipUri sip && sip.hasHeaders()) {
            lineError = "Request-URI must not contain headers"; // RFC 3261 §19.1.5, RFC 4475 §3.1.2.12
        }
        boolean sip20 = version.equalsIgnoreCase(SipMessage.SIP_2_0);
        SipRequest request = new SipRequest(method, uri, sip20 ? SipMessage.SIP_2_0 : version,
                SipHeaders.of(head.headers), body);
        if (head.errorStatus() != 0) {
            return new Invalid(head.errorStatus(), head.errorReason(), request);
        }
        if (!sip20) {
            return new Invalid(505, "Version Not Supported", request); // RFC 3261 §8.2.2, RFC 4475 §3.1.2.16
        }
        if (lineError != null) {
            return new Invalid(400, lineError, request);
        }
        ParseResult framing = checkFraming(head, body, stream);
        if (framing instanceof Invalid invalid) {
            return new Invalid(invalid.statusCode(), invalid.reason(), request.withBody(NO_BODY));
        }
        if (framing != null) {
            return framing;
        }
        if (head.contentLength >= 0 && body.length > head.contentLength) {
            request = request.withBody(Arrays.copyOf(body, head.contentLength));
        }
        String problem = MessageValidator.checkRequest(request);
        if (problem != null) {
            return new Invalid(400, problem, request);
        }
        return new Parsed(request);
    }

    private ParseResult completeResponse(Head head, byte[] body, boolean stream) {
        String line = head.startLine;
        int sp1 = line.indexOf(' ');
        String version = sp1 < 0 ? line : line.substring(0, sp1);
        if (!isVersionShape(version)) {
            return new Garbage("not a SIP Status-Line");
        }
        String rest = sp1 < 0 ? "" : line.substring(sp1 + 1);
        int sp2 = rest.indexOf(' ');
        String code = sp2 < 0 ? rest : rest.substring(0, sp2);
        String reason = sp2 < 0 ? "" : rest.substring(sp2 + 1);
        // Status-Code = 3DIGIT, 100-699 (RFC 3261 §7.2; RFC 4475 §3.1.2.20 bigcode). Responses are
        // never answered, so every problem below is a drop.
        if (code.length() != 3 || !Character.isDigit(code.charAt(0)) || !Character.isDigit(code.charAt(1))
                || !Character.isDigit(code.charAt(2)) || code.charAt(0) < '1' || code.charAt(0) > '6') {
            return new Invalid(400, "Bad Status-Code", null);
        }
        if (head.errorStatus() != 0) {
            return new Invalid(head.errorStatus(), head.errorReason(), null);
        }
        if (!version.equalsIgnoreCase(SipMessage.SIP_2_0)) {
            return new Invalid(505, "Version Not Supported", null);
        }
        ParseResult framing = checkFraming(head, body, stream);
        if (framing != null) {
            return framing;
        }
        if (head.contentLength >= 0 && body.length > head.contentLength) {
            body = Arrays.copyOf(body, head.contentLength);
        }
        SipResponse response = new SipResponse(SipMessage.SIP_2_0, Integer.parseInt(code), reason,
                SipHeaders.of(head.headers), body);
        String problem = MessageValidator.checkResponse(response);
        if (problem != null) {
            return new Invalid(400, problem, null);
        }
        return new Parsed(response);
    }

    /** Content-Length rules of RFC 3261 §18.3 and §20.14; null when the body is framed correctly. */
    private static ParseResult checkFraming(Head head, byte[] body, boolean stream) {
        if (head.contentLengthError != null) {
            return new Invalid(400, head.contentLengthError, null);
        }
        if (head.contentLength == Head.CONTENT_LENGTH_ABSENT) {
            return stream ? new Invalid(400, "Content-Length is mandatory on stream transports", null) : null;
        }
        if (body.length < head.contentLength) {
            return new Invalid(400, "Body shorter than Content-Length", null); // RFC 4475 §3.1.2.2 clerr
        }
        return null;
    }

    private static boolean isVersionShape(String v) {
        if (!v.regionMatches(true, 0, "SIP/", 0, 4)) {
            return false;
        }
        int dot = v.indexOf('.', 4);
        return dot > 4 && dot < v.length() - 1 && allDigits(v, 4, dot) && allDigits(v, dot + 1, v.length());
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
