package dozvon.core.port;

import java.util.concurrent.CompletionStage;

/**
 * Taking a call from the screen pop: the agent is claimed for the call and their phone is rung with
 * auto-answer; the chain's ringing legs stop. Implemented by the replica that owns the call (its B2BUA).
 */
public interface CallIntercept {

    /** Whether this replica runs the call (a take for another replica's call must be forwarded there). */
    boolean owns(String callId);

    /**
     * @return true when the take was accepted (the agent was free and is now being rung with auto-answer);
     *         false when the agent is not free, the call is unknown here, or it is no longer ringing
     */
    CompletionStage<Boolean> take(String callId, String agentId);
}
