package dozvon.edge.http;

import dozvon.core.presence.AgentProfile;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.AgentStatus;
import io.vertx.core.json.JsonObject;

/**
 * An agent as the API shows it: who (from config) and presence (from the store). An agent the store does not
 * know yet (its presence is created when the gateway syncs config at start) shows as offline, unreachable,
 * with no {@code since}: it cannot be rung, and that is the honest way to say so.
 */
final class AgentJson {

    private AgentJson() {}

    static JsonObject of(AgentProfile who, AgentStatus presence) {
        JsonObject o = new JsonObject()
                .put("id", who.id())
                .put("name", who.name())
                .put("group", who.group());
        if (presence == null) {
            return o.put("state", AgentState.OFFLINE.wire())
                    .put("since", null)
                    .put("reachable", false)
                    .put("callId", null);
        }
        return o.put("state", presence.state().wire())
                .put("since", presence.since().toString())
                .put("reachable", presence.reachable())
                .put("callId", presence.callId());
    }
}
