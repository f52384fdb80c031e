package dozvon.edge.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A SIP response (RFC 3261 §7.2). */
public record SipResponse(String version, int status, String reason, SipHeaders headers, byte[] body)
        implements SipMessage {

    private static final byte[] NO_BODY = new byte[0];

    public SipResponse {
        Objects.requireNonNull(version, "version");
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("status code must be 100-699: " + status);
        }
        reason = reason == null ? "" : reason;
        if (Header.hasLineBreak(reason) || Header.hasLineBreak(version)) {
            throw new IllegalArgumentException("CR or LF in Status-Line");
        }
        headers = headers == null ? SipHeaders.EMPTY : headers;
        body = body == null ? NO_BODY : body;
    }

    /**
     * A response to {@code request} per RFC 3261 §8.2.6.2: Via (all values, in order), From, To, Call-ID
     * and CSeq are copied; Timestamp is copied for 100 Trying (§8.2.6.1). The To tag, Contact and
     * Record-Route (for dialogs, §12.1.1) are the caller's to add.
     */
    public static SipResponse forRequest(SipRequest request, int status, String reason) {
        SipHeaders.Builder b = SipHeaders.builder();
        for (Header h : request.headers()) {
            if (h.is(HeaderNames.VIA)) {
                b.add(h.name(), h.value());
            }
        }
        copyFirst(request, b, HeaderNames.FROM);
        copyFirst(request, b, HeaderNames.TO);
        copyFirst(request, b, HeaderNames.CALL_ID);
        copyFirst(request, b, HeaderNames.CSEQ);
        if (status == 100) {
            copyFirst(request, b, HeaderNames.TIMESTAMP);
        }
        return new SipResponse(SIP_2_0, status, reason, b.build(), NO_BODY);
    }

    private static void copyFirst(SipRequest request, SipHeaders.Builder b, String name) {
        String v = request.headers().firstOrNull(name);
        if (v != null) {
            b.add(name, v);
        }
    }

    public boolean isProvisional() {
        return status < 200;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isFinal() {
        return status >= 200;
    }

    @Override
    public String startLine() {
        return version + ' ' + status + ' ' + reason;
    }

    @Override
    public SipResponse withHeaders(SipHeaders newHeaders) {
        return new SipResponse(version, status, reason, newHeaders, body);
    }

    @Override
    public SipResponse withBody(byte[] newBody) {
        return new SipResponse(version, status, reason, headers, newBody);
    }

    public SipResponse withBody(String contentType, byte[] newBody) {
        return new SipResponse(version, status, reason,
                headers.replacing(HeaderNames.CONTENT_TYPE, contentType), newBody);
    }

    public SipResponse withHeader(String name, String value) {
        return withHeaders(headers.with(name, value));
    }

    public SipResponse withReplacedHeader(String name, String value) {
        return withHeaders(headers.replacing(name, value));
    }

    public SipResponse withoutHeader(String name) {
        return withHeaders(headers.without(name));
    }

    public SipResponse withTopVia(Via via) {
        return withHeaders(headers.withFirst(HeaderNames.VIA, via.toString()));
    }

    /** A proxy or B2BUA leg removes its own Via before passing a response upstream (RFC 3261 §16.7). */
    public SipResponse withoutTopVia() {
        return withHeaders(headers.withoutFirstValue(HeaderNames.VIA));
    }

    /** Adds a tag to To, as a UAS does on its first non-100 response (RFC 3261 §8.2.6.2). */
    public SipResponse withToTag(String tag) {
        NameAddr to = to();
        if (to == null) {
            throw new IllegalStateException("response has no To header");
        }
        return withReplacedHeader(HeaderNames.TO, to.withTag(tag).toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipResponse r && version.equals(r.version) && status == r.status
                && reason.equals(r.reason) && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, status, reason, headers) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
