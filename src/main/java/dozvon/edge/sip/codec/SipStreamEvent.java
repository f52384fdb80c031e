package dozvon.edge.sip.codec;

/** Non-message events the stream decoder emits in order with its {@link ParseResult}s. */
public enum SipStreamEvent {
    /**
     * A CRLFCRLF ping arrived between messages (RFC 5626 §3.5.1, §4.4.1): answer with a single CRLF
     * ({@link SipEncoder#keepAlivePong}).
     */
    KEEP_ALIVE_PING,
    /**
     * The stream can no longer be framed (no or bad Content-Length, oversize header section, not SIP):
     * after answering the preceding {@link ParseResult.Invalid} if it is answerable, close the
     * connection. The decoder discards everything it receives from now on.
     */
    CLOSE_CONNECTION
}
