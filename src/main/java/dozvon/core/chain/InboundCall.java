package dozvon.core.chain;

import java.util.List;
import java.util.Objects;

/**
 * What the edge knows about an inbound call when it creates it: who calls, which number they dialled, which
 * group that number belongs to and how that group routes. The edge resolves all of it (customer lookup,
 * working hours) before the machine starts, so the machine itself never looks anything up.
 *
 * @param groupId           null only for calls refused before a group was known (unknown number)
 * @param chain             the group's chain for open hours (may be empty only for refused calls)
 * @param offHoursChain     the chain for calls outside the group's hours; empty = none configured
 * @param personalManagerId the caller's personal manager, if the CRM knows one; null otherwise
 * @param headMobile        the group head's mobile (E.164), target of {@code head-mobile}; null if unknown
 * @param openNow           whether the group's working hours are open at the call's arrival
 */
public record InboundCall(
        String callId,
        String callerNumber,
        String dialedNumber,
        String groupId,
        List<ChainStep> chain,
        List<ChainStep> offHoursChain,
        String personalManagerId,
        String headMobile,
        boolean openNow) {

    public InboundCall {
        Objects.requireNonNull(callId, "callId");
        chain = chain == null ? List.of() : List.copyOf(chain);
        offHoursChain = offHoursChain == null ? List.of() : List.copyOf(offHoursChain);
    }

    /** A call the edge refuses outright (unknown number, forbidden source, blacklist): nothing to route. */
    public static InboundCall refusedAtEdge(String callId, String callerNumber, String dialedNumber, String groupId) {
        return new InboundCall(callId, callerNumber, dialedNumber, groupId, List.of(), List.of(), null, null, true);
    }
}
