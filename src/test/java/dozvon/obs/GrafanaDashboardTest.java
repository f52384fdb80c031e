package dozvon.obs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard beside the k8s manifests only queries metrics dozvon exports (read from the metrics
 * registry's own Prometheus scrape, so a renamed metric breaks this test, not a dashboard in production), and
 * covers what an SRE looks at first.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("k8s/grafana/dozvon-dashboard.json");
    /** Metric names as PromQL writes them; label names and functions never start with these prefixes. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:dozvon|jvm|process)_[a-zA-Z0-9_]+)");

    private static JsonNode dashboard;
    private static List<JsonNode> panels;
    private static List<String> exprs;
    private static Set<String> exported;

    @BeforeAll
    static void load() throws Exception {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        panels = new ArrayList<>();
        exprs = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add); // collapsed rows keep their panels inside
        });
        panels.forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        exported = new HashSet<>();
        for (String line : new Metrics().scrape().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
    }

    @Test
    void everyMetricItQueriesIsOneDozvonExports() {
        Set<String> referenced = new TreeSet<>();
        exprs.forEach(e -> {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                referenced.add(m.group(1));
            }
        });
        assertThat(referenced).isNotEmpty();
        assertThat(exported).as("what the registry exports").contains("dozvon_calls_total");
        assertThat(referenced).allSatisfy(name -> assertThat(exported).as("exported metrics").contains(name));
    }

    @Test
    void coversCallsWaitsAgentsSipAndTheSpool() {
        String all = String.join("\n", exprs);
        assertThat(all).contains("dozvon_calls_total", "dozvon_call_setup_seconds_bucket",
                "dozvon_answer_wait_seconds_bucket", "dozvon_agents", "dozvon_calls_active", "dozvon_ws_sessions",
                "dozvon_sip_parse_errors_total", "dozvon_sip_retransmissions_total", "dozvon_cdr_spool_pending",
                "histogram_quantile(0.99");
        long heatmaps = panels.stream().filter(p -> p.path("type").asText().equals("heatmap"))
                .peek(p -> p.path("targets").forEach(t -> assertThat(t.path("format").asText()).isEqualTo("heatmap")))
                .count();
        assertThat(heatmaps).isEqualTo(2);
    }

    @Test
    void isAWellFormedDashboardOnAChosenDatasource() {
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels) {
            assertThat(ids.add(p.path("id").asInt())).as("unique panel id " + p.path("id")).isTrue();
            assertThat(p.path("title").asText()).isNotBlank();
            if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
            }
        }
    }
}
