package dozvon.core.customer;

import java.time.Instant;
import java.util.Objects;

/**
 * A caller the sales floor knows, keyed by phone number (see {@link Phones#canonical}).
 *
 * @param personalManagerId the agent the chain's {@code personal-or-next} rings first; null when none
 * @param managerSource     how that manager was set; null when never set
 */
public record Customer(String phone, String name, String company, String note, String personalManagerId,
                       ManagerSource managerSource, Instant createdAt, Instant updatedAt) {

    public Customer {
        Objects.requireNonNull(phone, "phone");
    }
}
