package dozvon.edge.sip.transaction;

import java.util.Objects;

/**
 * Where a message goes (or where it came from): host, port, transport, and optionally the connection
 * it arrived on, so a response can go back over the same TCP connection (RFC 3261 §18.2.2).
 *
 * @param connection opaque to this layer (a Netty channel, a Vert.x socket...); null when none
 */
public record Destination(String host, int port, Transport transport, Object connection) {

    /** The transports this layer knows; only reliability matters to the state machines (§17). */
    public enum Transport {
        UDP, TCP;

        /** RFC 3261 §17: reliable transports get no retransmissions and zero-length wait timers. */
        public boolean isReliable() {
            return this != UDP;
        }
    }

    public Destination {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535: " + port);
        }
    }

    public static Destination udp(String host, int port) {
        return new Destination(host, port, Transport.UDP, null);
    }

    public static Destination tcp(String host, int port) {
        return new Destination(host, port, Transport.TCP, null);
    }

    public Destination withConnection(Object newConnection) {
        return new Destination(host, port, transport, newConnection);
    }

    public boolean isReliable() {
        return transport.isReliable();
    }
}
