package dozvon.edge.sip.b2bua;

import dozvon.core.port.PresenceStore;
import dozvon.core.presence.AgentState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an agent that a call held back to the presence store, and logs it when the store could not take it: the
 * agent then stays held until the orphan-hold sweep frees it, and whoever watches should see why meanwhile.
 */
final class AgentRelease {
    private static final Logger log = LoggerFactory.getLogger(AgentRelease.class);

    private AgentRelease() {
    }

    static void release(PresenceStore presence, String callId, String agentId, AgentState to) {
        presence.release(callId, agentId, to).whenComplete((v, err) -> {
            if (err != null) {
                log.warn("event=presence_release_failed callId={} agent={} error=\"{}\"", callId, agentId,
                        err.toString());
            }
        });
    }
}
