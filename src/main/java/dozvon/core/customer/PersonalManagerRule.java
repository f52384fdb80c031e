package dozvon.core.customer;

import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;

import java.util.Optional;

/**
 * By default a customer's personal manager is the first agent who talked to them: a call answered by an agent
 * (inbound, or a callback the customer picked up; not a plain number such as the head's mobile) proposes that
 * agent. The store applies the proposal
 * only when the customer has no manager yet and none was set by hand, so it is sticky.
 */
public final class PersonalManagerRule {

    /** Who should become the caller's manager if they have none. */
    public record Proposal(String phone, String agentId) {}

    private PersonalManagerRule() {}

    public static Optional<Proposal> proposalFor(CallRecord call) {
        if (call.outcome() != CallOutcome.ANSWERED || call.answeringAgentId() == null) {
            return Optional.empty();
        }
        return Phones.canonical(call.customerNumber()).map(phone -> new Proposal(phone, call.answeringAgentId()));
    }
}
