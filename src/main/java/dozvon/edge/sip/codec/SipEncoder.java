package dozvon.edge.sip.codec;

import dozvon.edge.sip.message.SipMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link SipMessage}s on a stream channel (the UDP transport encodes with {@link SipMessage#encode}). */
@Sharable
public final class SipEncoder extends MessageToByteEncoder<SipMessage> {
    private static final byte[] CRLF = {'\r', '\n'};

    public SipEncoder() {
        super(SipMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SipMessage msg, ByteBuf out) {
        msg.writeTo(out);
    }

    /** The RFC 5626 §4.4.1 pong: a single CRLF in answer to a CRLFCRLF ping. */
    public static ByteBuf keepAlivePong(ByteBufAllocator alloc) {
        return alloc.buffer(2).writeBytes(CRLF);
    }
}
