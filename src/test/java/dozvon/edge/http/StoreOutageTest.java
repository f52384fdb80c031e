package dozvon.edge.http;

import dozvon.core.port.AgentRoster;
import dozvon.core.port.CallDetail;
import dozvon.core.port.CallHistory;
import dozvon.core.port.CallSummary;
import dozvon.core.port.PresenceStore;
import dozvon.core.presence.AgentProfile;
import dozvon.core.presence.AgentStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** A store that fails or throws gives a JSON 503 naming the capability, never a stack trace or a hang. */
class StoreOutageTest {

    private static final IllegalStateException DOWN = new IllegalStateException("connection refused: 127.0.0.1:5432");

    @Test
    void aFailingCallHistoryIs503() {
        CallHistory failing = new CallHistory() {
            @Override
            public CompletionStage<List<CallSummary>> recent(Instant from, Instant to, int limit) {
                return CompletableFuture.failedFuture(DOWN);
            }

            @Override
            public CompletionStage<Optional<CallDetail>> byId(String callId) {
                throw DOWN; // a port that throws instead of failing its stage is answered the same
            }
        };
        try (ApiServer api = new ApiServer().with(new CallsRoutes(failing)).start()) {
            assertUnavailable(api.get("/api/calls"), "call history");
            assertUnavailable(api.get("/api/calls/c1"), "call history");
        }
    }

    @Test
    void aFailingPresenceStoreIs503() {
        AgentRoster roster = new AgentRoster() {
            @Override
            public CompletionStage<List<AgentStatus>> statuses() {
                return CompletableFuture.failedFuture(DOWN);
            }

            @Override
            public CompletionStage<Optional<AgentStatus>> status(String agentId) {
                return CompletableFuture.failedFuture(DOWN);
            }
        };
        PresenceStore presence = (PresenceStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> CompletableFuture.failedFuture(DOWN));
        var routes = new AgentsRoutes(List.of(new AgentProfile("anna", "Anna", "sales")), roster, presence);
        try (ApiServer api = new ApiServer().with(routes).start()) {
            assertUnavailable(api.get("/api/agents"), "agent presence");
            assertUnavailable(api.put("/api/agents/anna/presence", "application/json", "{\"state\":\"away\"}"),
                    "agent presence");
        }
    }

    private static void assertUnavailable(HttpResponse<String> r, String what) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(r.body()).getString("error")).contains(what).doesNotContain("5432", "Exception");
    }
}
