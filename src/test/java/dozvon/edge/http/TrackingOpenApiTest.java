package dozvon.edge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes the customers, blacklist and tracking endpoints. */
class TrackingOpenApiTest {

    @Test
    void documentsTheCustomersBlacklistAndTrackingEndpoints() throws Exception {
        String yaml;
        try (ApiServer api = new ApiServer().start()) {
            HttpResponse<String> r = api.send("GET", "/openapi.yaml", null, null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            yaml = r.body();
        }
        JsonNode paths = new YAMLMapper().readTree(yaml).path("paths");
        for (List<String> op : List.of(List.of("/api/customers/{phone}", "get"), List.of("/api/customers/{phone}", "put"),
                List.of("/api/blacklist", "get"), List.of("/api/blacklist", "post"), List.of("/api/blacklist", "delete"),
                List.of("/api/blacklist/{pattern}", "delete"))) {
            JsonNode node = paths.path(op.get(0)).path(op.get(1));
            assertThat(node.isMissingNode()).as(op.toString()).isFalse();
            assertThat(node.path("responses").has("401")).as("admin token: " + op).isTrue();
        }
        JsonNode sessions = paths.path("/api/tracking/sessions").path("post");
        assertThat(sessions.path("security").isArray() && sessions.path("security").isEmpty())
                .as("no token for websites").isTrue();
        assertThat(sessions.path("responses").has("429")).isTrue();
        assertThat(paths.path("/tracking.js").path("get").isMissingNode()).isFalse();
    }
}
