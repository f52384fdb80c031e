package dozvon.edge.sip.message;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One Via value (RFC 3261 §20.42, §25.1): {@code sent-protocol LWS sent-by *( SEMI via-params )}.
 *
 * <p>{@code port} is -1 when absent; {@code host} keeps brackets around an IPv6 reference (RFC 5118).
 * Parameters are kept in order; accessors cover branch, received, rport (RFC 3581), maddr and ttl.
 */
public record Via(String protocolName, String protocolVersion, String transport, String host, int port,
                  Params params) {

    /** RFC 3261 §8.1.1.7: branches from compliant elements start with this magic cookie. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    public Via {
        params = params == null ? Params.NONE : params;
    }

    public static Via of(String transport, String host, int port, String branch) {
        return new Via("SIP", "2.0", transport.toUpperCase(Locale.ROOT), host, port,
                Params.of(new Param("branch", branch)));
    }

    public Optional<String> branch() {
        return params.get("branch");
    }

    /**
     * True when the branch starts with the magic cookie and carries an identifier after it. A branch
     * of exactly "z9hG4bK" (RFC 4475 §3.2.1, badbranch) is not a usable transaction id: the transaction
     * layer answers 400 or falls back to RFC 2543 matching (RFC 3261 §17.2.3).
     */
    public boolean hasRfc3261Branch() {
        String b = params.getOrNull("branch");
        return b != null && b.length() > MAGIC_COOKIE.length() && b.startsWith(MAGIC_COOKIE);
    }

    public Optional<String> received() {
        return params.get("received");
    }

    public Optional<String> maddr() {
        return params.get("maddr");
    }

    public OptionalInt ttl() {
        String v = params.getOrNull("ttl");
        return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
    }

    /** RFC 3581: the client asked for rport (with or without a value). */
    public boolean hasRport() {
        return params.has("rport");
    }

    /** The rport value filled in by a server, if any. */
    public OptionalInt rport() {
        String v = params.getOrNull("rport");
        return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
    }

    public Via withParam(String name, String value) {
        return new Via(protocolName, protocolVersion, transport, host, port, params.with(name, value));
    }

    /** RFC 3261 §18.2.1 and RFC 3581 §4: record the source address the request really came from. */
    public Via withReceived(String sourceHost, int sourcePort) {
        Via v = withParam("received", sourceHost);
        return hasRport() ? v.withParam("rport", Integer.toString(sourcePort)) : v;
    }

    public String sentBy() {
        return port < 0 ? host : host + ':' + port;
    }

    public static Via parse(String value) {
        Lexer in = new Lexer(Lexer.trimWhitespace(value));
        // RFC 4475 §3.1.1.1: LWS may surround the '/' of sent-protocol.
        String name = in.token("protocol name");
        in.skipWhitespace();
        in.expect('/', "in sent-protocol");
        in.skipWhitespace();
        String version = in.token("protocol version");
        in.skipWhitespace();
        in.expect('/', "in sent-protocol");
        in.skipWhitespace();
        String transport = in.token("transport");
        if (!in.skipWhitespace()) {
            throw new SipSyntaxException("expected LWS before sent-by: " + value);
        }
        String host;
        if (in.peek() == '[') {
            host = in.span(c -> c != ']');
            in.expect(']', "to close IPv6 reference");
            host = host + ']';
        } else {
            host = in.span(c -> Lexer.isTokenChar(c) && c != '!' && c != '%');
        }
        if (!HostSyntax.isValidHost(host)) {
            throw new SipSyntaxException("bad sent-by host in Via: " + value);
        }
        in.skipWhitespace();
        int port = -1;
        if (in.consume(':')) {
            in.skipWhitespace();
            port = SipUri.parsePort(in.span(c -> c >= '0' && c <= '9'), value);
        }
        Params params = Params.parse(in);
        in.skipWhitespace();
        if (!in.atEnd()) {
            throw new SipSyntaxException("unexpected text in Via: " + value);
        }
        checkNumeric(params, "rport", 65535, value);
        checkNumeric(params, "ttl", 255, value);
        return new Via(name, version, transport, host, port, params);
    }

    private static void checkNumeric(Params params, String name, long max, String context) {
        String v = params.getOrNull(name);
        if (v != null && HeaderValues.parseBoundedNumber(v, max) < 0) {
            throw new SipSyntaxException("bad " + name + " in Via: " + context);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(protocolName).append('/').append(protocolVersion)
                .append('/').append(transport).append(' ').append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        params.appendTo(sb);
        return sb.toString();
    }
}
