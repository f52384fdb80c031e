package dozvon.edge.sip.codec;

import dozvon.edge.sip.message.CSeq;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.HeaderValues;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.SipHeaders;
import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipSyntaxException;
import dozvon.edge.sip.message.Via;
import java.util.List;

/**
 * The checks every element must make before a message reaches the transaction layer: mandatory
 * headers present once (RFC 3261 §8.1.1, RFC 4475 §3.3.1 insuf, §3.3.8 multi01), their values
 * well-formed, CSeq consistent with the Request-Line (§8.2, RFC 4475 §3.1.2.17–18) and scalars in range
 * (RFC 4475 §3.1.2.4–5). Max-Forwards may be absent (RFC 2543 peers, RFC 4475 §3.4.1).
 *
 * <p>Application-level checks (Require, Content-Type, URI schemes, Accept) are left to the core:
 * those messages are well-formed and merit other answers than 400.
 */
final class MessageValidator {
    private static final String[] MANDATORY = {HeaderNames.TO, HeaderNames.FROM, HeaderNames.CALL_ID, HeaderNames.CSEQ};
    private static final String[] AT_MOST_ONCE = {HeaderNames.MAX_FORWARDS, HeaderNames.CONTENT_TYPE,
        HeaderNames.EXPIRES, HeaderNames.DATE};

    private MessageValidator() {
    }

    /** Returns why the request is malformed (for a 400 reason phrase), or null when it is fine. */
    static String checkRequest(SipRequest request) {
        try {
            String common = checkCommon(request);
            if (common != null) {
                return common;
            }
            CSeq cseq = request.cseq();
            if (!cseq.method().equals(request.method())) {
                return "CSeq method does not match Request-Line";
            }
            SipHeaders h = request.headers();
            String mf = h.firstOrNull(HeaderNames.MAX_FORWARDS);
            if (mf != null) {
                HeaderValues.parseMaxForwards(mf);
            }
            String expires = h.firstOrNull(HeaderNames.EXPIRES);
            if (expires != null) {
                HeaderValues.parseDeltaSeconds(expires);
            }
            String contact = checkContacts(h.values(HeaderNames.CONTACT));
            if (contact != null) {
                return contact;
            }
            for (String name : new String[] {HeaderNames.ROUTE, HeaderNames.RECORD_ROUTE}) {
                for (String v : h.values(name)) {
                    NameAddr.parse(v);
                }
            }
            for (String name : new String[] {HeaderNames.REQUIRE, HeaderNames.PROXY_REQUIRE,
                HeaderNames.SUPPORTED, HeaderNames.UNSUPPORTED}) {
                HeaderValues.parseOptionTags(h.values(name));
            }
            String date = h.firstOrNull(HeaderNames.DATE);
            if (date != null && !HeaderValues.isSipDate(date)) {
                return "Date must be an RFC 1123 date in GMT";
            }
            return null;
        } catch (SipSyntaxException e) {
            return e.getMessage();
        }
    }

    /** Returns why the response is malformed (it will be dropped), or null. */
    static String checkResponse(SipMessage response) {
        try {
            String common = checkCommon(response);
            if (common != null) {
                return common;
            }
            SipHeaders h = response.headers();
            String retryAfter = h.firstOrNull(HeaderNames.RETRY_AFTER);
            if (retryAfter != null) {
                int end = 0;
                while (end < retryAfter.length() && Character.isDigit(retryAfter.charAt(end))) {
                    end++;
                }
                HeaderValues.parseDeltaSeconds(retryAfter.substring(0, end));
            }
            for (String warning : h.values("Warning")) {
                // warn-code = 3DIGIT (RFC 3261 §20.43); RFC 4475 §3.1.2.5 sends a 4-digit one
                if (warning.length() < 4 || !threeDigits(warning) || warning.charAt(3) != ' ') {
                    return "Warning must start with a 3-digit code";
                }
            }
            return null;
        } catch (SipSyntaxException e) {
            return e.getMessage();
        }
    }

    private static String checkCommon(SipMessage m) {
        SipHeaders h = m.headers();
        for (String name : MANDATORY) {
            int n = h.count(name);
            if (n == 0) {
                return "Missing " + name + " header";
            }
            if (n > 1) {
                return "Multiple " + name + " headers";
            }
        }
        for (String name : AT_MOST_ONCE) {
            if (h.count(name) > 1) {
                return "Multiple " + name + " headers";
            }
        }
        List<String> vias = h.values(HeaderNames.VIA);
        if (vias.isEmpty()) {
            return "Missing Via header";
        }
        m.topVia(); // parsed once here and kept on the message for the transport and transaction layers
        for (int i = 1; i < vias.size(); i++) {
            Via.parse(vias.get(i));
        }
        String callId = m.callId();
        if (callId.isEmpty() || callId.indexOf(' ') >= 0 || callId.indexOf('\t') >= 0) {
            return "Bad Call-ID";
        }
        m.cseq();
        m.from();
        m.to();
        return null;
    }

    private static String checkContacts(List<String> contacts) {
        for (String v : contacts) {
            if (v.equals("*")) {
                if (contacts.size() > 1) {
                    return "Wildcard Contact must stand alone";
                }
                continue;
            }
            NameAddr contact = NameAddr.parse(v);
            String expires = contact.params().getOrNull("expires");
            if (expires != null) {
                HeaderValues.parseDeltaSeconds(expires);
            }
        }
        return null;
    }

    private static boolean threeDigits(String s) {
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
