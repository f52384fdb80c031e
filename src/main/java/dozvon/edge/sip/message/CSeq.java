package dozvon.edge.sip.message;

/** CSeq (RFC 3261 §20.16): a 32-bit unsigned sequence number and the request method. */
public record CSeq(long number, String method) {
    public static final long MAX = 0xFFFF_FFFFL;

    public CSeq {
        if (number < 0 || number > MAX) {
            throw new IllegalArgumentException("CSeq number out of 32-bit range: " + number);
        }
    }

    public static CSeq parse(String value) {
        Lexer in = new Lexer(Lexer.trimWhitespace(value));
        String digits = in.span(c -> c >= '0' && c <= '9');
        long n = HeaderValues.parseBoundedNumber(digits, MAX);
        if (n < 0) {
            throw new SipSyntaxException("CSeq number missing or larger than 2^32-1: " + value);
        }
        if (!in.skipWhitespace()) {
            throw new SipSyntaxException("expected LWS after CSeq number: " + value);
        }
        String method = in.token("CSeq method");
        in.skipWhitespace();
        if (!in.atEnd()) {
            throw new SipSyntaxException("unexpected text in CSeq: " + value);
        }
        return new CSeq(n, method);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
