package dozvon.core.customer;

import java.util.List;

/**
 * What the sales floor knows about a caller at the moment the call arrives: the customer (null when unknown)
 * and their last few calls, newest first. Looked up once per call; {@link #UNKNOWN} when the lookup was slow
 * or failed, because a ring must never wait for a database.
 */
public record CallerCard(Customer customer, List<PastCall> history) {

    public static final CallerCard UNKNOWN = new CallerCard(null, List.of());

    public CallerCard {
        history = history == null ? List.of() : List.copyOf(history);
    }

    public String personalManagerId() {
        return customer == null ? null : customer.personalManagerId();
    }
}
