package dozvon.edge.sip.codec;

/**
 * Hard limits that bound the memory and CPU one message can take.
 *
 * @param maxMessageBytes     start line + headers + body; beyond it 513 Message Too Large (RFC 3261 §21.5.11)
 * @param maxHeaders          header lines; beyond it 513, as the message is too large to process
 * @param maxHeaderLineBytes  one (unfolded) header line; beyond it 400 (or 414 for the Request-Line)
 */
public record SipParserLimits(int maxMessageBytes, int maxHeaders, int maxHeaderLineBytes) {
    public static final SipParserLimits DEFAULTS = new SipParserLimits(64 * 1024, 128, 8 * 1024);

    public SipParserLimits {
        if (maxMessageBytes < 256 || maxHeaders < 8 || maxHeaderLineBytes < 64) {
            throw new IllegalArgumentException("limits too small to carry a SIP message");
        }
    }
}
