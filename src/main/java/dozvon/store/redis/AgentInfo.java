package dozvon.store.redis;

import java.util.Objects;

/**
 * A configured agent as presence needs it.
 *
 * @param contact       what a claim hands back for ringing: the static contact, or the agent's address of
 *                      record (e.g. {@code sip:anna@dozvon.local}) that the registrar resolves to a binding
 * @param staticContact the agent has a static phone, so is always reachable (registrations change nothing)
 */
public record AgentInfo(String id, String group, String contact, boolean staticContact) {
    public AgentInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(contact, "contact");
    }
}
