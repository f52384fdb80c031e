package dozvon.core.customer;

import java.util.Objects;
import java.util.Optional;

/**
 * An edit of a customer: each field is either left as it is ({@code null} here) or set to a value, where an
 * empty {@link Optional} clears it. Lets a CRM change the note without knowing, or resetting, the manager.
 */
public record CustomerChange(String phone, Optional<String> name, Optional<String> company, Optional<String> note,
                             Optional<String> personalManagerId) {

    public CustomerChange {
        Objects.requireNonNull(phone, "phone");
    }
}
