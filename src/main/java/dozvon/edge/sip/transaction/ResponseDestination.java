package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.Via;

/**
 * Where a server transaction sends its responses (RFC 3261 §18.2.2 with RFC 3581). Ideally the
 * transport layer's business; it lives here until {@code edge.sip.transport} exists, because a server
 * transaction needs a {@link Destination} for every response it sends.
 */
final class ResponseDestination {
    private static final int DEFAULT_PORT = 5060;

    private ResponseDestination() {
    }

    static Destination of(Via topVia, Destination source) {
        if (source.isReliable()) {
            // §18.2.2: over a reliable transport, back over the connection the request came in on.
            return source;
        }
        int viaPort = topVia.port() > 0 ? topVia.port() : DEFAULT_PORT;
        if (topVia.maddr().isPresent()) {
            return new Destination(topVia.maddr().get(), viaPort, source.transport(), null);
        }
        // The request's source address is what "received" records; RFC 3581: with rport, its port too.
        int port = topVia.hasRport() ? source.port() : viaPort;
        return new Destination(source.host(), port, source.transport(), source.connection());
    }
}
