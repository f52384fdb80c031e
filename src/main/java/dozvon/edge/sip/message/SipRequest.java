package dozvon.edge.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SIP request (RFC 3261 §7.1). Methods are case-sensitive tokens and are not restricted to the
 * known ones (RFC 4475 §3.1.1.2).
 */
public record SipRequest(String method, Uri requestUri, String version, SipHeaders headers, byte[] body)
        implements SipMessage {

    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String BYE = "BYE";
    public static final String CANCEL = "CANCEL";
    public static final String OPTIONS = "OPTIONS";
    public static final String REGISTER = "REGISTER";

    private static final byte[] NO_BODY = new byte[0];

    public SipRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(version, "version");
        if (!Lexer.isToken(method) || Header.hasLineBreak(version)) {
            throw new IllegalArgumentException("bad method or version: " + method + " " + version);
        }
        headers = headers == null ? SipHeaders.EMPTY : headers;
        body = body == null ? NO_BODY : body;
    }

    public static SipRequest of(String method, Uri requestUri, SipHeaders headers) {
        return new SipRequest(method, requestUri, SIP_2_0, headers, NO_BODY);
    }

    /**
     * Starts a request with the headers RFC 3261 §8.1.1 requires, in the usual order:
     * Via, Max-Forwards 70, From, To, Call-ID, CSeq (method taken from the request).
     */
    public static SipRequest create(String method, Uri requestUri, Via via, NameAddr from, NameAddr to,
                                    String callId, long cseq) {
        SipHeaders h = SipHeaders.builder()
                .add(HeaderNames.VIA, via.toString())
                .add(HeaderNames.MAX_FORWARDS, "70")
                .add(HeaderNames.FROM, from.toString())
                .add(HeaderNames.TO, to.toString())
                .add(HeaderNames.CALL_ID, callId)
                .add(HeaderNames.CSEQ, new CSeq(cseq, method).toString())
                .build();
        return of(method, requestUri, h);
    }

    public boolean isMethod(String m) {
        return method.equals(m);
    }

    @Override
    public String startLine() {
        return method + ' ' + requestUri + ' ' + version;
    }

    @Override
    public SipRequest withHeaders(SipHeaders newHeaders) {
        return new SipRequest(method, requestUri, version, newHeaders, body);
    }

    @Override
    public SipRequest withBody(byte[] newBody) {
        return new SipRequest(method, requestUri, version, headers, newBody);
    }

    /** Sets the body and its Content-Type in one step. */
    public SipRequest withBody(String contentType, byte[] newBody) {
        return new SipRequest(method, requestUri, version,
                headers.replacing(HeaderNames.CONTENT_TYPE, contentType), newBody);
    }

    public SipRequest withRequestUri(Uri uri) {
        return new SipRequest(method, uri, version, headers, body);
    }

    /** Appends a header line. */
    public SipRequest withHeader(String name, String value) {
        return withHeaders(headers.with(name, value));
    }

    /** Replaces all lines of a header by one value. */
    public SipRequest withReplacedHeader(String name, String value) {
        return withHeaders(headers.replacing(name, value));
    }

    public SipRequest withoutHeader(String name) {
        return withHeaders(headers.without(name));
    }

    /** Pushes a Via on top, as an element forwarding the request does (RFC 3261 §16.6 step 8). */
    public SipRequest withTopVia(Via via) {
        return withHeaders(headers.withFirst(HeaderNames.VIA, via.toString()));
    }

    /** The same request with its top Via value replaced (one step instead of {@code withoutTopVia().withTopVia}). */
    public SipRequest replacingTopVia(Via via) {
        return withHeaders(headers.replacingTopVia(via));
    }

    public SipRequest withoutTopVia() {
        return withHeaders(headers.withoutFirstValue(HeaderNames.VIA));
    }

    /** Max-Forwards less one, or 70 when absent (RFC 3261 §16.6 step 3). */
    public SipRequest withDecrementedMaxForwards() {
        int mf = maxForwards().orElse(71);
        return withReplacedHeader(HeaderNames.MAX_FORWARDS, Integer.toString(Math.max(0, mf - 1)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipRequest r && method.equals(r.method) && requestUri.equals(r.requestUri)
                && version.equals(r.version) && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, requestUri, version, headers) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
