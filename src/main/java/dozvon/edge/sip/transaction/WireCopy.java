package dozvon.edge.sip.transaction;

import dozvon.edge.sip.codec.ParseResult;
import dozvon.edge.sip.codec.SipParser;
import dozvon.edge.sip.codec.SipParserLimits;
import dozvon.edge.sip.message.SipMessage;

/**
 * A sent message kept only in its wire form, for a transaction that waits out its last timer (D, J, ...) just
 * to answer a retransmission. The parsed form of a message is a few hundred objects; a transaction waits 32 s
 * on UDP, so at a few hundred calls a second the parsed copies were most of the live heap, and every young
 * collection copied them again. The message is parsed back only if it has to be sent again, which is rare.
 */
final class WireCopy {
    /** What this stack sent it can read back, whatever limits its inbound parser has. */
    private static final SipParserLimits ANY_SIZE =
            new SipParserLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    private final byte[] bytes;

    private WireCopy(byte[] bytes) {
        this.bytes = bytes;
    }

    static WireCopy of(SipMessage message) {
        return new WireCopy(message.toBytes());
    }

    /** The message again. */
    SipMessage message() {
        if (new SipParser(ANY_SIZE).parse(bytes) instanceof ParseResult.Parsed parsed) {
            return parsed.message();
        }
        throw new IllegalStateException("a message this stack wrote does not parse back");
    }
}
