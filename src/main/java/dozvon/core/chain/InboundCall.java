package dozvon.core.chain;

import dozvon.core.customer.CallerCard;
import dozvon.core.tracking.Attribution;

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
 * @param tracking          where the call came from (static number or visitor session); null if untracked
 * @param card              the caller's customer card and last calls, for the screen pop; never null
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
        boolean openNow,
        Attribution tracking,
        CallerCard card) {

    public InboundCall {
        Objects.requireNonNull(callId, "callId");
        card = card == null ? CallerCard.UNKNOWN : card;
        chain = chain == null ? List.of() : List.copyOf(chain);
        offHoursChain = offHoursChain == null ? List.of() : List.copyOf(offHoursChain);
    }

    public InboundCall(String callId, String callerNumber, String dialedNumber, String groupId, List<ChainStep> chain,
                       List<ChainStep> offHoursChain, String personalManagerId, String headMobile, boolean openNow) {
        this(callId, callerNumber, dialedNumber, groupId, chain, offHoursChain, personalManagerId, headMobile, openNow,
                null, CallerCard.UNKNOWN);
    }

    /** A call the edge refuses outright (unknown number, forbidden source, blacklist): nothing to route. */
    public static InboundCall refusedAtEdge(String callId, String callerNumber, String dialedNumber, String groupId) {
        return refusedAtEdge(callId, callerNumber, dialedNumber, groupId, null);
    }

    /** A refused call still carries the number's attribution: a blocked call from an ad is still the ad's call. */
    public static InboundCall refusedAtEdge(String callId, String callerNumber, String dialedNumber, String groupId,
                                            Attribution tracking) {
        return new InboundCall(callId, callerNumber, dialedNumber, groupId, List.of(), List.of(), null, null, true,
                tracking, CallerCard.UNKNOWN);
    }
}
