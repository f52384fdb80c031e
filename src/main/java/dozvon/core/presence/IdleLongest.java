package dozvon.core.presence;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * "next" means the routable agent idle longest: the one whose current {@code available} began earliest.
 * Ties go to the smaller agent id so that the choice is the same on every replica.
 */
public final class IdleLongest {

    public static final Comparator<AgentPresence> ORDER =
            Comparator.comparing(AgentPresence::since).thenComparing(AgentPresence::agentId);

    private IdleLongest() {}

    /** The routable agents not in {@code exclude}, idle longest first. */
    public static List<AgentPresence> ranked(Collection<AgentPresence> agents, Set<String> exclude) {
        return agents.stream()
                .filter(AgentPresence::routable)
                .filter(a -> !exclude.contains(a.agentId()))
                .sorted(ORDER)
                .toList();
    }

    /** The routable agent idle longest and not in {@code exclude}, if any. */
    public static Optional<AgentPresence> pick(Collection<AgentPresence> agents, Set<String> exclude) {
        return ranked(agents, exclude).stream().findFirst();
    }
}
