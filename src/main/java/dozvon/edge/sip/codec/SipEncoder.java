package dozvon.edge.sip.codec;

import dozvon.edge.sip.message.SipMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link SipMessage}s on a stream channel; {@link #encode(ByteBufAllocator, SipMessage)} serves
 * the UDP transport, which wraps the buffer in a DatagramPacket itself.
 */
@Sharable
public final class SipEncoder extends MessageToByteEncoder<SipMessage> {
    private static final byte[] CRLF = {'\r', '\n'};

    public SipEncoder() {
        super(SipMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SipMessage msg, ByteBuf out) {
        out.writeBytes(msg.toBytes());
    }

    public static ByteBuf encode(ByteBufAllocator alloc, SipMessage msg) {
        byte[] bytes = msg.toBytes();
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    /** The RFC 5626 §4.4.1 pong: a single CRLF in answer to a CRLFCRLF ping. */
    public static ByteBuf keepAlivePong(ByteBufAllocator alloc) {
        return alloc.buffer(2).writeBytes(CRLF);
    }
}
