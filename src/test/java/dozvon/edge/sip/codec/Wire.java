package dozvon.edge.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Invalid;
import dozvon.edge.sip.codec.ParseResult.Parsed;
import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helpers: readable message text to wire bytes, and the usual verdict assertions. */
final class Wire {
    static final SipParser PARSER = new SipParser();

    private Wire() {
    }

    /**
     * LF becomes CRLF; {NUL} {BEL} {DEL} become those octets; {CL} becomes the body length; a blank
     * line is appended when the text has none (a message without body).
     */
    static byte[] bytes(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")
                .replace("{NUL}", "\0").replace("{BEL}", "\u0007").replace("{DEL}", "\u007f");
        if (!crlf.contains("\r\n\r\n")) {
            crlf = crlf + "\r\n";
        }
        int blank = crlf.indexOf("\r\n\r\n");
        int bodyLength = crlf.substring(blank + 4).getBytes(StandardCharsets.UTF_8).length;
        return crlf.replace("{CL}", Integer.toString(bodyLength)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static ParseResult parse(String text) {
        return PARSER.parse(bytes(text));
    }

    /** Asserts the message parses, and that its serialisation parses back to an equal message. */
    static SipMessage valid(byte[] wire) {
        ParseResult result = PARSER.parse(wire);
        assertThat(result).as("verdict for:\n%s", new String(wire, StandardCharsets.UTF_8))
                .isInstanceOf(Parsed.class);
        SipMessage message = ((Parsed) result).message();
        byte[] again = message.toBytes();
        ParseResult reparsed = PARSER.parse(again);
        assertThat(reparsed).as("re-parse of:\n%s", new String(again, StandardCharsets.UTF_8))
                .isEqualTo(new Parsed(message));
        return message;
    }

    static SipMessage valid(String text) {
        return valid(bytes(text));
    }

    static SipRequest validRequest(String text) {
        return (SipRequest) valid(text);
    }

    static SipResponse validResponse(String text) {
        return (SipResponse) valid(text);
    }

    /** Asserts the verdict is an answerable error with the given status. */
    static Invalid answeredWith(int status, String text) {
        ParseResult result = parse(text);
        assertThat(result).as("verdict").isInstanceOf(Invalid.class);
        Invalid invalid = (Invalid) result;
        assertThat(invalid.statusCode()).as("status (%s)", invalid.reason()).isEqualTo(status);
        assertThat(invalid.answerable()).as("answerable").isTrue();
        return invalid;
    }

    /** Asserts the message is dropped: an unanswerable Invalid (a response) or Garbage. */
    static ParseResult dropped(String text) {
        ParseResult result = parse(text);
        boolean drop = result instanceof ParseResult.Garbage
                || result instanceof Invalid invalid && !invalid.answerable();
        assertThat(drop).as("dropped, but got %s", result).isTrue();
        return result;
    }
}
