package dozvon.core.notify;

/** How a notification leaves dozvon; {@link #wire()} is the {@code notification_deliveries.channel} value. */
public enum Channel {
    WEBHOOK("webhook"),
    EMAIL("email");

    private final String wire;

    Channel(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Channel fromWire(String wire) {
        for (Channel c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown channel " + wire);
    }
}
