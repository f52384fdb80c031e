package dozvon.core.presence;

import java.util.Objects;

/**
 * Who a configured agent is, as people see it: id, display name and group. Comes from config ({@code agents});
 * presence is kept apart (see {@link AgentStatus}) because it changes every minute and config does not.
 *
 * @param name the display name; the id when config gives none
 */
public record AgentProfile(String id, String name, String group) {

    public AgentProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        name = name == null || name.isBlank() ? id : name;
    }
}
