package dozvon.edge.sip.b2bua;

import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.message.Uri;
import dozvon.edge.sip.transaction.Destination;

import java.util.Locale;
import java.util.Optional;

/** Where to send requests: from a SIP URI (static contacts, trunk outbound) or a registration's source. */
final class SipAddressing {

    private SipAddressing() {}

    /** A URI's host, port (5060 when absent) and transport parameter (UDP when absent). */
    static Optional<Destination> destinationOf(String uriText) {
        try {
            Uri uri = Uri.parse(uriText);
            if (!(uri instanceof SipUri sip)) {
                return Optional.empty();
            }
            String host = sip.host();
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = sip.port() > 0 ? sip.port() : 5060;
            boolean tcp = sip.transport().map(t -> t.toLowerCase(Locale.ROOT).equals("tcp")).orElse(false);
            return Optional.of(tcp ? Destination.tcp(host, port) : Destination.udp(host, port));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A registration's {@code udp:203.0.113.5:5060} (the address the REGISTER came from, NAT-proof). */
    static Optional<Destination> destinationOfSource(String receivedFrom) {
        if (receivedFrom == null) {
            return Optional.empty();
        }
        int first = receivedFrom.indexOf(':');
        int last = receivedFrom.lastIndexOf(':');
        if (first < 0 || last <= first) {
            return Optional.empty();
        }
        String transport = receivedFrom.substring(0, first);
        String host = receivedFrom.substring(first + 1, last);
        try {
            int port = Integer.parseInt(receivedFrom.substring(last + 1));
            return Optional.of(transport.equalsIgnoreCase("tcp") ? Destination.tcp(host, port) : Destination.udp(host, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The user part of a URI (a phone number or an agent id), or "" when there is none. */
    static String userOf(Uri uri) {
        return uri instanceof SipUri s && s.user() != null ? s.user() : "";
    }
}
