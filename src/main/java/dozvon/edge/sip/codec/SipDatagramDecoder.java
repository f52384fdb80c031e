package dozvon.edge.sip.codec;

import dozvon.edge.sip.codec.ParseResult.Garbage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Turns each UDP datagram into one {@link ReceivedDatagram}; one datagram is one message
 * (RFC 3261 §18.3). Never throws. Stateless, hence sharable.
 */
@Sharable
public final class SipDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private final SipParser parser;

    public SipDatagramDecoder() {
        this(new SipParser());
    }

    public SipDatagramDecoder(SipParser parser) {
        super(DatagramPacket.class);
        this.parser = parser;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        ParseResult result;
        try {
            result = parser.parse(packet.content());
        } catch (RuntimeException e) {
            result = new Garbage("datagram decoder failure: " + e);
        }
        out.add(new ReceivedDatagram(result, packet.sender(), packet.recipient()));
    }
}
