package dozvon.core.port;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;

/**
 * Who a customer's own manager is, by phone number: the auto-dialer rings them first. The customers table backs
 * it in the gateway; {@link #NONE} knows nobody (every task goes to the next free agent).
 */
@FunctionalInterface
public interface PersonalManagers {

    PersonalManagers NONE = phone -> CompletableFuture.completedFuture(Optional.empty());

    /** The agent id of the customer's personal manager, if one is known. */
    CompletionStage<Optional<String>> managerOf(String phone);
}
