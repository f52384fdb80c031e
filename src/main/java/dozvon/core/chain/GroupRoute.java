package dozvon.core.chain;

import dozvon.core.hours.WorkingHours;

import java.util.List;

/**
 * How a group takes calls: its chain in working hours, the chain for off hours (empty = reject with 480 and
 * leave a callback), its hours, and the head's mobile for {@code head-mobile} steps.
 */
public record GroupRoute(String groupId, List<ChainStep> chain, List<ChainStep> offHoursChain, WorkingHours hours,
                         String headMobile) {

    public GroupRoute {
        chain = List.copyOf(chain);
        offHoursChain = List.copyOf(offHoursChain);
    }
}
