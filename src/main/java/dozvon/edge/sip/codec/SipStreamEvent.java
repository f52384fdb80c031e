package dozvon.edge.sip.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Non-message events the stream decoder emits in order with its {@link ParseResult}s. */
public enum SipStreamEvent {
    /**
     * A CRLFCRLF ping arrived between messages (RFC 5626 §3.5.1, §4.4.1): answer with a single CRLF
     * ({@link #keepAlivePong}).
     */
    KEEP_ALIVE_PING,
    /**
     * The stream can no longer be framed (no or bad Content-Length, oversize header section, not SIP):
     * after answering the preceding {@link ParseResult.Invalid} if it is answerable, close the
     * connection. The decoder discards everything it receives from now on.
     */
    CLOSE_CONNECTION;

    private static final byte[] CRLF = {'\r', '\n'};

    /** The RFC 5626 §4.4.1 pong: a single CRLF in answer to a {@link #KEEP_ALIVE_PING}. */
    public static ByteBuf keepAlivePong(ByteBufAllocator alloc) {
        return alloc.buffer(2).writeBytes(CRLF);
    }
}
