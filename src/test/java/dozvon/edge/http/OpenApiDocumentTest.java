package dozvon.edge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes the calls and agents endpoints, and every reference in it resolves. */
class OpenApiDocumentTest {

    @Test
    void documentsTheCallsAndAgentsEndpoints() throws Exception {
        String yaml;
        try (ApiServer api = new ApiServer().start()) {
            HttpResponse<String> r = api.send("GET", "/openapi.yaml", null, null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            yaml = r.body();
        }
        JsonNode doc = new YAMLMapper().readTree(yaml);
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        Map<String, String> operations = Map.of(
                "/api/calls", "get", "/api/calls/{id}", "get", "/api/agents", "get", "/api/agents/{id}/presence", "put",
                "/api/callbacks", "post", "/api/callbacks/{id}", "patch");
        operations.forEach((path, method) -> {
            JsonNode op = doc.path("paths").path(path).path(method);
            assertThat(op.isMissingNode()).as(method + " " + path).isFalse();
            assertThat(op.path("responses").has("401")).as(method + " " + path).isTrue();
        });
        assertThat(doc.path("paths").path("/api/agents/{id}/presence").path("put").path("responses").has("409")).isTrue();

        var refs = java.util.regex.Pattern.compile("\\$ref: \"#/([^\"]+)\"").matcher(yaml);
        while (refs.find()) {
            JsonNode target = doc;
            for (String part : refs.group(1).split("/")) {
                target = target.path(part);
            }
            assertThat(target.isMissingNode()).as(refs.group(1)).isFalse();
        }
    }
}
