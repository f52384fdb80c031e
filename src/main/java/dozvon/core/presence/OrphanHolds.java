package dozvon.core.presence;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds agents this replica holds for calls it no longer has: their release was lost (Redis dropped the
 * connection as it was sent), or a claim ran after its call had given it up. Without this they would stay
 * "ringing" or "on call", never to be rung again, until this replica stopped.
 *
 * <p>A hold is released only when two presence sweeps in a row find it orphaned: one sweep can race a release
 * on its way or a call that is just ending. Keeps the suspects of the last sweep between calls; one instance per
 * replica, called from one thread at a time.
 */
public final class OrphanHolds {

    private final String replicaId;
    private Set<AgentHold> suspects = Set.of();

    public OrphanHolds(String replicaId) {
        this.replicaId = replicaId;
    }

    /** The holds to release now, given every hold in the store and which calls are still in progress here. */
    public List<AgentHold> toRelease(List<AgentHold> holds, Predicate<String> callInProgress) {
        Set<AgentHold> orphaned = new HashSet<>();
        for (AgentHold h : holds) {
            if (h.replicaId().equals(replicaId) && !callInProgress.test(h.callId())) {
                orphaned.add(h);
            }
        }
        List<AgentHold> release = orphaned.stream().filter(suspects::contains).toList();
        release.forEach(orphaned::remove);
        suspects = orphaned;
        return release;
    }
}
