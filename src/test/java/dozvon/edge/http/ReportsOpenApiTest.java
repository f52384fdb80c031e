package dozvon.edge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report endpoints are described in the OpenAPI document, with their 400 and 401 answers. */
class ReportsOpenApiTest {

    @Test
    void describesEveryReportEndpoint() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("webroot/openapi.yaml")) {
            doc = new YAMLMapper().readTree(in);
        }
        for (String path : List.of("/api/reports/kpi", "/api/reports/heatmap", "/api/reports/staffing",
                "/api/calls.csv")) {
            JsonNode op = doc.path("paths").path(path).path("get");
            assertThat(op.isMissingNode()).as(path).isFalse();
            assertThat(op.path("responses").has("400")).as(path).isTrue();
            assertThat(op.path("responses").has("401")).as(path).isTrue();
        }
        assertThat(doc.path("components").path("schemas").path("Kpi").path("properties").has("sl20")).isTrue();
        assertThat(doc.path("components").path("parameters").path("ReportGroup").path("required").asBoolean()).isTrue();
    }
}
