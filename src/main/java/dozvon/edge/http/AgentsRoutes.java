package dozvon.edge.http;

import dozvon.core.port.AgentRoster;
import dozvon.core.port.PresenceStore;
import dozvon.core.presence.AgentProfile;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.AgentStatus;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Agents and their presence: {@code GET /api/agents} (every configured agent, in config order) and
 * {@code PUT /api/agents/{id}/presence} (an admin sets available, away or offline for an agent, under the same
 * rules as the agent's own console: not while a call holds them).
 */
public final class AgentsRoutes implements HttpRoutes {

    private final Map<String, AgentProfile> agents;
    private final AgentRoster roster;
    private final PresenceStore presence;
    private final Clock clock;

    /** @param agents the configured agents; the API knows no others (the store may, briefly, before a sync) */
    public AgentsRoutes(List<AgentProfile> agents, AgentRoster roster, PresenceStore presence, Clock clock) {
        this.agents = agents.stream().collect(Collectors.toMap(AgentProfile::id, Function.identity(),
                (a, b) -> { throw new IllegalArgumentException("agent " + a.id() + " configured twice"); },
                LinkedHashMap::new));
        this.roster = roster;
        this.presence = presence;
        this.clock = clock;
    }

    public AgentsRoutes(List<AgentProfile> agents, AgentRoster roster, PresenceStore presence) {
        this(agents, roster, presence, Clock.systemUTC());
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/api/agents").handler(adminAuth).handler(this::list);
        router.put("/api/agents/:id/presence").handler(adminAuth).handler(this::setPresence);
    }

    private void list(RoutingContext ctx) {
        PortCalls.then(ctx, "agent presence", roster::statuses, statuses -> {
            Map<String, AgentStatus> byId = statuses.stream()
                    .collect(Collectors.toMap(AgentStatus::agentId, Function.identity(), (a, b) -> a));
            JsonArray out = new JsonArray();
            agents.values().forEach(a -> out.add(AgentJson.of(a, byId.get(a.id()))));
            HttpApi.json(ctx, 200, out.encode());
        });
    }

    private void setPresence(RoutingContext ctx) {
        String id = Inputs.pathId(ctx, "id");
        if (!agents.containsKey(id)) {
            HttpErrors.send(ctx, 404, "no agent " + id, "id");
            return;
        }
        AgentState to = PresenceRequest.parse(ctx.body().asString());
        AgentProfile who = agents.get(id);
        PortCalls.then(ctx, "agent presence", () -> presence.setState(id, to, clock.instant()),
                allowed -> PortCalls.then(ctx, "agent presence", () -> roster.status(id), now -> {
                    if (allowed) {
                        HttpApi.json(ctx, 200, AgentJson.of(who, now.orElse(null)).encode());
                    } else {
                        HttpErrors.send(ctx, 409, refusal(id, to, now));
                    }
                }));
    }

    /** Why the store kept the state: almost always a call holding the agent. */
    private static String refusal(String id, AgentState to, Optional<AgentStatus> now) {
        if (now.isEmpty()) {
            return "agent " + id + " has no presence yet (agents are synced from config when the gateway starts)";
        }
        AgentStatus s = now.get();
        return switch (s.state()) {
            case RINGING -> "agent " + id + " is ringing for call " + s.callId()
                    + "; presence can change once the call lets the agent go";
            case ON_CALL -> "agent " + id + " is on call " + s.callId() + "; presence can change after the call";
            default -> "agent " + id + " is " + s.state().wire() + " and cannot be set to " + to.wire() + " now";
        };
    }
}
