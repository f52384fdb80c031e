package dozvon.edge.sip.codec;

import dozvon.edge.sip.codec.ParseResult.Garbage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames SIP messages on a stream transport (TCP, later TLS) and emits, in order, {@link ParseResult}s
 * and {@link SipStreamEvent}s. Bytes may arrive split anywhere or several messages at once.
 *
 * <p>An explicit state machine in the manner of Netty's HttpObjectDecoder:
 * <pre>
 *   SKIP_CRLF ──non-CRLF──▶ READ_HEADERS ──blank line──▶ READ_BODY ──Content-Length octets──▶ SKIP_CRLF
 *        │                        │ no blank line within maxMessageBytes, not SIP, no/bad Content-Length
 *        └─CRLFCRLF: KEEP_ALIVE_PING              ▼
 *                                              DISCARD (CLOSE_CONNECTION emitted, all input dropped)
 * </pre>
 * Content-Length is mandatory on streams (RFC 3261 §18.3, §20.14), so its absence makes the stream
 * unframeable. Never throws: any unexpected failure becomes a Garbage result and CLOSE_CONNECTION.
 * Not sharable: one instance per connection.
 */
public final class SipStreamDecoder extends ByteToMessageDecoder {

    enum State { SKIP_CRLF, READ_HEADERS, READ_BODY, DISCARD }

    private static final byte[] NO_BODY = new byte[0];

    private final SipParser parser;
    private final SipParserLimits limits;
    private State state = State.SKIP_CRLF;
    private int lineFeedsInARow;
    private boolean startLineChecked;
    /** How far the current header section has been searched for its blank line. */
    private int scanned;
    private Head head;

    public SipStreamDecoder() {
        this(new SipParser());
    }

    public SipStreamDecoder(SipParser parser) {
        this.parser = parser;
        this.limits = parser.limits();
    }

    State state() {
        return state;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            decodeAvailable(in, out);
        } catch (RuntimeException e) {
            out.add(new Garbage("stream decoder failure: " + e));
            unframeable(in, out);
        }
    }

    private void decodeAvailable(ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case SKIP_CRLF -> {
                    if (!skipCrlf(in, out)) {
                        return;
                    }
                    state = State.READ_HEADERS;
                }
                case READ_HEADERS -> {
                    if (!readHeaders(in, out)) {
                        return;
                    }
                }
                case READ_BODY -> {
                    if (in.readableBytes() < head.contentLength) {
                        return;
                    }
                    byte[] body = new byte[head.contentLength];
                    in.readBytes(body);
                    out.add(parser.complete(head, body, true));
                    head = null;
                    state = State.SKIP_CRLF;
                }
                case DISCARD -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /**
     * Skips CR and LF before a start line (RFC 3261 §7.5). Two line feeds in a row are a RFC 5626
     * ping; a single CRLF is a pong (or padding) and is ignored. Returns true at the start of a message.
     */
    private boolean skipCrlf(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b == '\r') {
                in.skipBytes(1);
            } else if (b == '\n') {
                in.skipBytes(1);
                if (++lineFeedsInARow == 2) {
                    lineFeedsInARow = 0;
                    out.add(SipStreamEvent.KEEP_ALIVE_PING);
                }
            } else {
                lineFeedsInARow = 0;
                return true;
            }
        }
        return false;
    }

    /** Returns true when it made progress (a head was read, or the stream was given up). */
    private boolean readHeaders(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        int base = in.readerIndex();
        if (!startLineChecked) {
            int lf = in.indexOf(base, base + Math.min(readable, limits.maxHeaderLineBytes() + 2), (byte) '\n');
            if (lf < 0) {
                if (readable > limits.maxHeaderLineBytes() + 2) {
                    out.add(new Garbage("start line too long"));
                    unframeable(in, out);
                    return true;
                }
                return false;
            }
            byte[] line = new byte[lf - base];
            in.getBytes(base, line);
            if (!SipParser.looksLikeSipStartLine(line, 0, line.length)) {
                out.add(new Garbage("not a SIP start line"));
                unframeable(in, out);
                return true;
            }
            startLineChecked = true;
        }
        int searchLimit = Math.min(readable, limits.maxMessageBytes());
        int headLength = endOfHead(in, base, scanned, searchLimit);
        if (headLength < 0) {
            if (readable >= limits.maxMessageBytes()) {
                out.add(new ParseResult.Invalid(513, "Message Too Large", null));
                unframeable(in, out);
                return true;
            }
            scanned = Math.max(0, readable - 3); // re-check the tail: CRLFCRLF may straddle reads
            return false;
        }
        byte[] headBytes = new byte[headLength];
        in.readBytes(headBytes);
        scanned = 0;
        startLineChecked = false;
        Head h = parser.readHead(headBytes, 0, headLength);
        if (!h.framable()) {
            out.add(parser.complete(h, NO_BODY, true));
            unframeable(in, out);
            return true;
        }
        if ((long) headLength + h.contentLength > limits.maxMessageBytes()) {
            h.forceError(513, "Message Too Large");
            out.add(parser.complete(h, NO_BODY, true));
            unframeable(in, out);
            return true;
        }
        head = h;
        state = State.READ_BODY;
        return true;
    }

    /** Length of the header section including its blank line, or -1 when not yet complete. */
    private static int endOfHead(ByteBuf in, int base, int from, int limit) {
        int end = base + limit;
        for (int i = base + from; i < end; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            if (i + 1 < end && in.getByte(i + 1) == '\n') {
                return i + 2 - base;
            }
            if (i + 2 < end && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                return i + 3 - base;
            }
        }
        return -1;
    }

    private void unframeable(ByteBuf in, List<Object> out) {
        out.add(SipStreamEvent.CLOSE_CONNECTION);
        state = State.DISCARD;
        head = null;
        in.skipBytes(in.readableBytes());
    }
}
