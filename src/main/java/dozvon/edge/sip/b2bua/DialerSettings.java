package dozvon.edge.sip.b2bua;

import java.time.Duration;
import java.util.Map;

/**
 * The auto-dialer's knobs.
 *
 * @param replicaId     owner of the task leases this replica takes
 * @param ring          how long the agent's phone, then the customer's, rings (callbacks.ringSeconds); the
 *                      customer's ring is kept under 32 s because the agent's 200 OK waits unACKed meanwhile
 * @param poll          how often due tasks are looked for (callbacks.pollSeconds)
 * @param maxInFlight   tasks this replica dials at once
 * @param callerIdOfGroup the number a customer sees for a group (its first configured number), by group id
 */
public record DialerSettings(String replicaId, Duration ring, Duration poll, int maxInFlight,
                             Map<String, String> callerIdOfGroup) {

    /** RFC 3261 §13.3.1.4: a UAS gives up retransmitting its 2xx after 64*T1 = 32 s without an ACK. */
    static final Duration AGENT_ANSWER_PATIENCE = Duration.ofSeconds(30);

    public DialerSettings {
        callerIdOfGroup = Map.copyOf(callerIdOfGroup);
    }

    Duration customerRing() {
        return ring.compareTo(AGENT_ANSWER_PATIENCE) > 0 ? AGENT_ANSWER_PATIENCE : ring;
    }

    /** Long enough for both rings and the bookkeeping after; a replica that dies frees its tasks after this. */
    Duration lease() {
        return ring.plus(customerRing()).plusSeconds(60);
    }
}
