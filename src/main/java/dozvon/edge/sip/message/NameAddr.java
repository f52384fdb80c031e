package dozvon.edge.sip.message;

import java.util.Optional;

/**
 * The value of From, To, Contact, Route, Record-Route, Refer-To and the like:
 * {@code ( name-addr / addr-spec ) *( SEMI param )} (RFC 3261 §20.10, §25.1).
 *
 * <p>{@code displayName} is null when absent and holds the text with quotes and quoted-pairs removed;
 * {@code quotedDisplayName} remembers whether it was quoted so it re-serialises the same way.
 * {@code params} are the header parameters (tag, expires, q, ...). In the addr-spec form, parameters
 * after the URI belong to the header, not to the URI (RFC 3261 §20.10, RFC 4475 §3.3.12).
 */
public record NameAddr(String displayName, boolean quotedDisplayName, Uri uri, boolean angleBrackets,
                       Params params) {

    public NameAddr {
        if (displayName != null && !angleBrackets) {
            throw new IllegalArgumentException("a display name needs the name-addr form");
        }
        if (displayName != null && Header.hasLineBreak(displayName)) {
            throw new IllegalArgumentException("CR or LF in display name");
        }
        params = params == null ? Params.NONE : params;
    }

    public static NameAddr of(Uri uri) {
        return new NameAddr(null, false, uri, true, Params.NONE);
    }

    public static NameAddr of(String displayName, Uri uri) {
        return new NameAddr(displayName, true, uri, true, Params.NONE);
    }

    public Optional<String> tag() {
        return params.get("tag");
    }

    public NameAddr withTag(String tag) {
        return withParam("tag", tag);
    }

    public NameAddr withParam(String name, String value) {
        return new NameAddr(displayName, quotedDisplayName, uri, angleBrackets, params.with(name, value));
    }

    public NameAddr withoutParam(String name) {
        return new NameAddr(displayName, quotedDisplayName, uri, angleBrackets, params.without(name));
    }

    public static NameAddr parse(String value) {
        Lexer in = new Lexer(Lexer.trimWhitespace(value));
        String display = null;
        boolean quoted = false;
        boolean angle;
        Uri uri;
        if (in.peek() == '"') {
            display = Lexer.unquote(in.rawQuotedString());
            quoted = true;
            in.skipWhitespace();
            if (in.peek() != '<') {
                throw new SipSyntaxException("quoted display name not followed by <URI>: " + value);
            }
        } else {
            String text = in.rest();
            int lt = text.indexOf('<');
            in = new Lexer(text);
            if (lt >= 0) {
                // display-name = *(token LWS); RFC 4475 §3.1.1.6: no LWS is needed before '<'.
                String unquoted = Lexer.trimWhitespace(text.substring(0, lt));
                for (int i = 0; i < unquoted.length(); i++) {
                    char c = unquoted.charAt(i);
                    if (!Lexer.isTokenChar(c) && !Lexer.isWhitespace(c)) {
                        throw new SipSyntaxException("display name must be tokens or quoted: " + value);
                    }
                }
                display = unquoted.isEmpty() ? null : unquoted;
                in.span(c -> c != '<');
            }
        }
        if (in.consume('<')) {
            angle = true;
            String inside = in.span(c -> c != '>');
            in.expect('>', "to close <URI>");
            // RFC 4475 §3.1.2.15: no LWS is allowed inside the brackets.
            uri = Uri.parse(inside);
        } else {
            angle = false;
            // addr-spec: the URI ends at the first ';'. It may not contain ',' '?' ';' (RFC 3261 §20.10),
            // RFC 4475 §3.1.2.14.
            String spec = in.span(c -> c != ';' && !Lexer.isWhitespace(c));
            if (spec.indexOf(',') >= 0 || spec.indexOf('?') >= 0) {
                throw new SipSyntaxException("URI with ',' or '?' must be enclosed in <>: " + value);
            }
            uri = Uri.parse(spec);
        }
        Params params = Params.parse(in);
        in.skipWhitespace();
        if (!in.atEnd()) {
            throw new SipSyntaxException("unexpected text after address: " + value);
        }
        return new NameAddr(display, quoted, uri, angle, params);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        if (displayName != null) {
            sb.append(quotedDisplayName ? Lexer.quote(displayName) : displayName).append(' ');
        }
        if (angleBrackets) {
            sb.append('<').append(uri).append('>');
        } else {
            sb.append(uri);
        }
        params.appendTo(sb);
        return sb.toString();
    }
}
