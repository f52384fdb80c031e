package dozvon.core.customer;

import java.util.Locale;
import java.util.Optional;

/** How a customer's personal manager was chosen: the automatic "first agent who talked to them" never overrides a hand-set one. */
public enum ManagerSource {
    MANUAL,
    AUTO;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ManagerSource> fromWire(String s) {
        for (ManagerSource m : values()) {
            if (m.wire().equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
