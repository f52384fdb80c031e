package dozvon.core.presence;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which presence changes are allowed, and by whom. Agents (and admins on their behalf) only choose between
 * available, away and offline; ringing, on_call and wrap_up belong to calls, so an agent cannot step out of
 * a call's hold by clicking "away" while their phone rings or while they talk.
 */
public final class PresenceRules {

    /** The states a person may pick in the console or through {@code PUT /api/agents/{id}/presence}. */
    public static final Set<AgentState> SELF_SETTABLE = EnumSet.of(AgentState.AVAILABLE, AgentState.AWAY, AgentState.OFFLINE);

    private PresenceRules() {}

    /**
     * May the agent (or an admin) move from {@code from} to {@code to}? Only to a self-settable state, and not
     * while a call holds the agent (ringing, on_call). Leaving wrap_up early for available or away is allowed.
     * Setting the state one already has is allowed (idempotent).
     */
    public static boolean agentMaySet(AgentState from, AgentState to) {
        if (!SELF_SETTABLE.contains(to)) {
            return false;
        }
        return from != AgentState.RINGING && from != AgentState.ON_CALL;
    }

    /**
     * May a call (or the wrap-up expiry) move the agent from {@code from} to {@code to}?
     * <ul>
     *   <li>available → ringing: a claim for a call;</li>
     *   <li>ringing → available: the leg failed, was cancelled or lost the race;</li>
     *   <li>ringing → on_call: the leg was answered;</li>
     *   <li>on_call → wrap_up: the call ended;</li>
     *   <li>wrap_up → available: after-call work time ran out.</li>
     * </ul>
     */
    public static boolean callMayMove(AgentState from, AgentState to) {
        return switch (from) {
            case AVAILABLE -> to == AgentState.RINGING;
            case RINGING -> to == AgentState.AVAILABLE || to == AgentState.ON_CALL;
            case ON_CALL -> to == AgentState.WRAP_UP;
            case WRAP_UP -> to == AgentState.AVAILABLE;
            case AWAY, OFFLINE -> false;
        };
    }

    /** A call may ring the agent: they are available and their phone can be reached (static contact or registered). */
    public static boolean routable(AgentState state, boolean reachable) {
        return state == AgentState.AVAILABLE && reachable;
    }
}
