package dozvon.app.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The customers and tracking keys: defaults, and mistakes named by key. */
class TrackingConfigTest {

    private static final String BASE = """
            agents: [ { id: anna, group: sales, contact: "sip:anna@127.0.0.1:5071" } ]
            groups: [ { id: sales, chain: [ { target: next, rings: 1 } ] } ]
            """;

    private static DozvonConfig load(String yaml) throws Exception {
        Path f = Files.createTempFile("dozvon-tracking", ".yaml");
        try {
            Files.writeString(f, BASE + yaml);
            return ConfigLoader.load(f, Map.of());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void defaultsApply() throws Exception {
        DozvonConfig c = load("");
        assertThat(c.customers().lookupTimeoutMillis()).isEqualTo(150);
        assertThat(c.customers().historySize()).isEqualTo(5);
        assertThat(c.tracking().allowedOrigins()).isEmpty();
        assertThat(c.tracking().phoneSelector()).isEqualTo("[data-dozvon-phone]");
        assertThat(c.tracking().requestsPerMinute()).isEqualTo(30);
    }

    @Test
    void mistakesAreNamedByKey() {
        assertThatThrownBy(() -> load("""
                numbers:
                  - { number: "+74950000000", group: sales, fallback: "+74950000001" }
                  - { pool: site, numbers: ["+74950000010"], group: sales, fallback: "+74950000077" }
                tracking: { allowedOrigins: ["shop.example"], defaultNumber: "+74950000088", requestsPerMinute: 0 }
                customers: { lookupTimeoutMillis: 0 }
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).startsWith("numbers[0].fallback: only a pool")).anySatisfy(
                        p -> assertThat(p).startsWith("numbers[1].fallback: +74950000077 is not one of")).anySatisfy(
                        p -> assertThat(p).startsWith("tracking.allowedOrigins[0]:")).anySatisfy(
                        p -> assertThat(p).startsWith("tracking.defaultNumber: +74950000088 is not one of")).anySatisfy(
                        p -> assertThat(p).startsWith("tracking.requestsPerMinute:")).anySatisfy(
                        p -> assertThat(p).startsWith("customers.lookupTimeoutMillis:")));
    }

    @Test
    void poolNamesAreKeysAndUnique() {
        assertThatThrownBy(() -> load("""
                numbers:
                  - { pool: site, numbers: ["+74950000010"], group: sales }
                  - { pool: site, numbers: ["+74950000011"], group: sales }
                  - { pool: "a b", numbers: ["+74950000012"], group: sales }
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).isEqualTo("numbers[1].pool: pool 'site' is configured twice")).anySatisfy(
                        p -> assertThat(p).startsWith("numbers[2].pool: 'a b' must be")));
    }

    @Test
    void theSampleConfigLoads() throws Exception {
        DozvonConfig c = ConfigLoader.load(Path.of("conf/dozvon.yaml"), Map.of());
        assertThat(c.tracking().requestsPerMinute()).isEqualTo(30);
    }
}
