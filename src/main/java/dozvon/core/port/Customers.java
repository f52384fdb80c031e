package dozvon.core.port;

import dozvon.core.customer.Customer;
import dozvon.core.customer.CustomerChange;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Customers by phone (Postgres in production): the admin API's reads and edits, and automatic manager assignment. */
public interface Customers {

    CompletionStage<Optional<Customer>> find(String phone);

    /** Creates the customer or changes only the fields the change carries; a manager given here is hand-set. */
    CompletionStage<Customer> save(CustomerChange change, Instant at);

    /**
     * Makes {@code agentId} the customer's manager when they have none and none was ever set by hand (creating
     * the customer if needed). Atomic, so two replicas ending calls of one caller at once agree on the first.
     *
     * @return true when the manager was set by this call
     */
    CompletionStage<Boolean> assignIfNone(String phone, String agentId, Instant at);
}
