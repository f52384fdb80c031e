package dozvon.edge.sip.message;

/**
 * A URI as it appears in a Request-URI or a name-addr: a parsed {@link SipUri} for sip/sips, or an
 * opaque {@link AbsoluteUri} for every other scheme (tel, http, im, ...), so that the upper layer can
 * answer 416 Unsupported URI Scheme itself (RFC 3261 §8.2.2.1, RFC 4475 §3.3.1–3.3.3).
 */
public sealed interface Uri permits SipUri, AbsoluteUri {

    /** Lower-case scheme, e.g. "sip", "sips", "tel". */
    String scheme();

    default boolean isSip() {
        return this instanceof SipUri;
    }

    /** Parses an absolute URI; sip and sips are parsed fully, other schemes only checked for shape. */
    static Uri parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new SipSyntaxException("URI without scheme: " + text);
        }
        String scheme = text.substring(0, colon);
        if (scheme.equalsIgnoreCase("sip") || scheme.equalsIgnoreCase("sips")) {
            return SipUri.parse(text);
        }
        return AbsoluteUri.parse(text);
    }
}
