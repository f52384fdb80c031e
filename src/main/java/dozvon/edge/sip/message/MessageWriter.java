package dozvon.edge.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;

/**
 * Serialises a message to its canonical wire form (RFC 3261 §7).
 *
 * <p>Straight into the buffer the transport sends: building a String first and encoding it took three copies
 * of every message sent (StringBuilder, String, byte[]) before the one into the socket's buffer, and was the
 * largest single share of what the SIP loop allocated.
 */
final class MessageWriter {
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final short COLON_SPACE = (':' << 8) | ' ';

    private MessageWriter() {
    }

    static void writeTo(SipMessage m, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, m.startLine());
        out.writeShort(CRLF);
        List<Header> lines = m.headers().asList();
        for (int i = 0, n = lines.size(); i < n; i++) { // indexed: no iterator per message
            Header h = lines.get(i);
            if (!h.hasCanonicalName(HeaderNames.CONTENT_LENGTH)) {
                ByteBufUtil.writeUtf8(out, h.name());
                out.writeShort(COLON_SPACE);
                ByteBufUtil.writeUtf8(out, h.value());
                out.writeShort(CRLF);
            }
        }
        byte[] body = m.body();
        // Always written, also for UDP: it costs a line and lets any receiver frame the message.
        ByteBufUtil.writeAscii(out, HeaderNames.CONTENT_LENGTH);
        out.writeShort(COLON_SPACE);
        ByteBufUtil.writeAscii(out, Integer.toString(body.length));
        out.writeShort(CRLF);
        out.writeShort(CRLF);
        out.writeBytes(body);
    }

    static byte[] write(SipMessage m) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(1024 + m.body().length);
        try {
            writeTo(m, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
