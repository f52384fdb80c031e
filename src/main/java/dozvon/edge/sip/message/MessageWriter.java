package dozvon.edge.sip.message;

import java.nio.charset.StandardCharsets;

/** Serialises a message to its canonical wire form (RFC 3261 §7). */
final class MessageWriter {
    private MessageWriter() {
    }

    static byte[] write(SipMessage m) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(m.startLine()).append("\r\n");
        for (Header h : m.headers()) {
            if (!h.is(HeaderNames.CONTENT_LENGTH)) {
                sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
            }
        }
        byte[] body = m.body();
        // Always written, also for UDP: it costs a line and lets any receiver frame the message.
        sb.append(HeaderNames.CONTENT_LENGTH).append(": ").append(body.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length == 0) {
            return head; // most messages (provisionals, CANCEL, ACK, BYE and their answers): no second copy
        }
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }
}
