package dozvon.edge.sip.codec;

import java.net.InetSocketAddress;

/**
 * A parsed datagram and where it came from. The sender address is what RFC 3261 §18.2.1 compares
 * with the top Via (received) and RFC 3581 uses for rport; responses to a malformed request go there.
 */
public record ReceivedDatagram(ParseResult result, InetSocketAddress sender, InetSocketAddress recipient) {
}
