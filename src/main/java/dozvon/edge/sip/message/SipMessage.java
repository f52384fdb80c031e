package dozvon.edge.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A SIP request or response (RFC 3261 §7).
 *
 * <p>Content-Length is not kept among the headers: it is always derived from the body and written by
 * {@link #toBytes()}, so a changed body can never carry a stale length. The typed accessors parse on
 * demand; the codec has already validated the ones a message needs, so on a parsed message they do
 * not throw. On a hand-built message they throw {@link SipSyntaxException} for malformed values.
 */
public sealed interface SipMessage permits SipRequest, SipResponse {
    String SIP_2_0 = "SIP/2.0";

    String version();

    SipHeaders headers();

    /** The body octets. Not copied: do not modify the array. */
    byte[] body();

    /** The start line without CRLF. */
    String startLine();

    SipMessage withHeaders(SipHeaders headers);

    SipMessage withBody(byte[] body);

    default boolean isRequest() {
        return this instanceof SipRequest;
    }

    /** Canonical wire form: CRLF line ends, one line per header, a correct Content-Length. */
    default byte[] toBytes() {
        return MessageWriter.write(this);
    }

    /** The same wire form as {@link #toBytes()}, written straight into {@code out}. */
    default void writeTo(ByteBuf out) {
        MessageWriter.writeTo(this, out);
    }

    /** A buffer from {@code alloc} holding the wire form; the caller owns (releases or sends) it. */
    default ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(1024 + body().length);
        try {
            writeTo(out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    default Optional<String> header(String name) {
        return headers().first(name);
    }

    default String callId() {
        return headers().firstOrNull(HeaderNames.CALL_ID);
    }

    default CSeq cseq() {
        return headers().cseq();
    }

    default NameAddr from() {
        return headers().from();
    }

    default NameAddr to() {
        return headers().to();
    }

    /** Every Via value, top first, with comma-joined values split. */
    default List<Via> vias() {
        List<String> values = headers().values(HeaderNames.VIA);
        List<Via> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(Via.parse(v));
        }
        return out;
    }

    default Via topVia() {
        return headers().topVia();
    }

    /** Contact values; a wildcard "*" (REGISTER removal, RFC 3261 §10.2.2) yields an empty list. */
    default List<NameAddr> contacts() {
        List<NameAddr> out = new ArrayList<>(1);
        for (String v : headers().values(HeaderNames.CONTACT)) {
            if (!v.equals("*")) {
                out.add(NameAddr.parse(v));
            }
        }
        return out;
    }

    default boolean isWildcardContact() {
        List<String> values = headers().values(HeaderNames.CONTACT);
        return values.size() == 1 && values.get(0).equals("*");
    }

    default OptionalInt maxForwards() {
        String v = headers().firstOrNull(HeaderNames.MAX_FORWARDS);
        return v == null ? OptionalInt.empty() : OptionalInt.of(HeaderValues.parseMaxForwards(v));
    }

    default OptionalLong expires() {
        String v = headers().firstOrNull(HeaderNames.EXPIRES);
        return v == null ? OptionalLong.empty() : OptionalLong.of(HeaderValues.parseDeltaSeconds(v));
    }

    /** Option tags of Require; a UAS answers 420 with Unsupported for those it lacks (RFC 3261 §8.2.2.3). */
    default List<String> require() {
        return HeaderValues.parseOptionTags(headers().values(HeaderNames.REQUIRE));
    }

    /** Option tags of Proxy-Require; a proxy answers 420 for those it lacks (RFC 3261 §16.3 step 5). */
    default List<String> proxyRequire() {
        return HeaderValues.parseOptionTags(headers().values(HeaderNames.PROXY_REQUIRE));
    }

    default List<String> supported() {
        return HeaderValues.parseOptionTags(headers().values(HeaderNames.SUPPORTED));
    }

    default Optional<String> contentType() {
        return headers().first(HeaderNames.CONTENT_TYPE);
    }

    default int contentLength() {
        return body().length;
    }

    default String bodyAsString() {
        return new String(body(), StandardCharsets.UTF_8);
    }
}
