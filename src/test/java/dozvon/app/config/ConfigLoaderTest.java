package dozvon.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            sip:
              trunks: [ { name: pbx, allow: ["127.0.0.1/32", "10.0.0.0/8"], outbound: "sip:127.0.0.1:5070" } ]
            agents:
              - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:5071" }
              - { id: igor, group: sales, mobile: "+79160000001" }
            groups:
              - id: sales
                head: igor
                hours: { timezone: Europe/Moscow, weekly: { mon-fri: "09:00-19:00", sat: ["10:00-12:00", "13:00-15:00"] } }
            numbers:
              - { number: "+74950000000", group: sales }
            """;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private List<String> problems(String yaml, Map<String, String> env) throws IOException {
        Path f = write(yaml);
        try {
            ConfigLoader.load(f, env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected config problems for:\n" + yaml);
    }

    @Test
    void theShippedSampleConfigIsValid() throws Exception {
        DozvonConfig c = ConfigLoader.load(Path.of("conf/dozvon.yaml"), Map.of());
        assertThat(c.agents()).hasSize(2);
        assertThat(c.groups()).hasSize(1);
        assertThat(c.sip().trunks().get(0).allow()).containsExactly("127.0.0.1/32");
    }

    @Test
    void defaultsFillKeysTheFileLeavesOut() throws Exception {
        DozvonConfig c = ConfigLoader.load(write(VALID), Map.of());
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.sip().port()).isEqualTo(5060);
        assertThat(c.telephony().ringSeconds()).isEqualTo(5);
        assertThat(c.callbacks().retryAfterMinutes()).containsExactly(0, 60, 180, 360);
        assertThat(c.callbacks().ringSeconds()).isEqualTo(30);
        assertThat(c.callbacks().spreadMinutes()).isEqualTo(10);
        assertThat(c.postgres().url()).isEqualTo("embedded");
        assertThat(c.redis().commandTimeoutMillis()).isEqualTo(3000);
        // a single weekly value and a list of them are both accepted
        assertThat(c.groups().get(0).hours().weekly().get("mon-fri")).containsExactly("09:00-19:00");
        assertThat(c.groups().get(0).hours().weekly().get("sat")).hasSize(2);
    }

    @Test
    void environmentOverridesAnyKeyIgnoringCaseAndUnderscores() throws Exception {
        DozvonConfig c = ConfigLoader.load(write(VALID), Map.of(
                "DOZVON_HTTP_PORT", "8081",
                "DOZVON_HTTP_ADMIN_TOKEN", "a-long-admin-token",
                "DOZVON_POSTGRES_URL", "postgresql://u:p@db:5432/dozvon",
                "DOZVON_AGENTS_1_PASSWORD", "from-env",
                "DOZVON_SIP_TRUNKS_0_ALLOW", "[\"192.168.0.0/16\"]",
                "PATH", "/usr/bin"));
        assertThat(c.http().port()).isEqualTo(8081);
        assertThat(c.http().adminToken()).isEqualTo("a-long-admin-token");
        assertThat(c.postgres().url()).isEqualTo("postgresql://u:p@db:5432/dozvon");
        assertThat(c.agents().get(1).password()).isEqualTo("from-env");
        assertThat(c.sip().trunks().get(0).allow()).containsExactly("192.168.0.0/16");
    }

    @Test
    void environmentWithoutAFileStillWorks() throws Exception {
        DozvonConfig c = ConfigLoader.load(null, Map.of("DOZVON_SIP_PORT", "5080", "DOZVON_REDIS_URL", "redis://cache:6379"));
        assertThat(c.sip().port()).isEqualTo(5080);
        assertThat(c.redis().url()).isEqualTo("redis://cache:6379");
    }

    @Test
    void aTypoInAnEnvironmentVariableIsAProblemNotSilence() throws IOException {
        assertThat(problems(VALID, Map.of("DOZVON_HTTP_PROT", "1")))
                .containsExactly("DOZVON_HTTP_PROT: no config key matches this variable");
        assertThat(problems(VALID, Map.of("DOZVON_SIP_PORT", "abc")))
                .containsExactly("sip.port: expected a whole number, got 'abc'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            typo'd top-level key            | telefony: { ringSeconds: 5 }                    | telefony: unknown key (did you mean 'telephony'?)
            typo'd nested key               | http: { prot: 8080 }                             | http.prot: unknown key (did you mean 'port'?)
            wrong type                      | telephony: { ringSeconds: five }                 | telephony.ringSeconds: expected a whole number, got 'five'
            list where a mapping is due     | http: [1, 2]                                     | http: expected a mapping of keys, got a list
            boolean wrong                   | ari: { enabled: maybe }                          | ari.enabled: expected true or false, got 'maybe'
            port out of range               | sip: { port: 70000 }                             | sip.port: must be a port number 0..65535 (0 picks a free one)
            short admin token               | http: { adminToken: abc }                        | http.adminToken: must be at least 8 characters
            bad postgres url                | postgres: { url: "mysql://x/y" }                 | postgres.url: 'mysql://x/y' must start with postgresql:// or postgres://
            bad redis url                   | redis: { url: "localhost" }                      | redis.url: 'localhost' must start with redis:// or rediss://
            redis timeout too short         | redis: { commandTimeoutMillis: 50 }              | redis.commandTimeoutMillis: must be at least 100
            bad ari url                     | ari: { url: "ftp://x" }                          | ari.url: 'ftp://x' must start with http:// or https://
            bad ring length                 | telephony: { ringSeconds: 0 }                    | telephony.ringSeconds: must be more than 0
            bad retry ladder                | callbacks: { retryAfterMinutes: [0, -5] }        | callbacks.retryAfterMinutes[1]: must be 0 or more minutes
            no dialer ring                  | callbacks: { ringSeconds: 0 }                    | callbacks.ringSeconds: must be more than 0
            no dialer poll                  | callbacks: { pollSeconds: 0 }                    | callbacks.pollSeconds: must be more than 0
            negative spread                 | callbacks: { spreadMinutes: -1 }                 | callbacks.spreadMinutes: must be 0 or more minutes
            bad webhook event               | notifications: { webhooks: [ { url: "http://h/x", events: [call.lost] } ] } | notifications.webhooks[0].events[0]: 'call.lost' is not one of
            short webhook secret            | notifications: { webhooks: [ { url: "http://h/x", secret: short } ] } | notifications.webhooks[0].secret: must be at least 16 characters
            webhook without secret          | notifications: { webhooks: [ { url: "http://h/x" } ] } | notifications.webhooks[0].secret: must be at least 16 characters
            webhook url twice               | notifications: { webhooks: [ { url: "http://h/x", secret: 0123456789abcdef }, { url: "http://h/x", secret: 0123456789abcdef } ] } | notifications.webhooks[1].url: the same URL twice
            bad smtp url                    | notifications: { email: { smtp: "http://mail:25", from: "a@b.io" } } | notifications.email.smtp: 'http://mail:25' must start with smtp:// or smtps://
            smtp without from               | notifications: { email: { smtp: "smtp://mail:25" } } | notifications.email.from: an address is needed when smtp is set
            zero first retry                | notifications: { retry: { firstSeconds: 0 } }    | notifications.retry.firstSeconds: must be more than 0
            retry ceiling below first       | notifications: { retry: { firstSeconds: 60, maxSeconds: 10 } } | notifications.retry.maxSeconds: must be at least firstSeconds (60)
            zero retry attempts             | notifications: { retry: { maxAttempts: 0 } }     | notifications.retry.maxAttempts: must be more than 0
            notification timeout            | notifications: { timeoutSeconds: 0 }             | notifications.timeoutSeconds: must be 1..300
            bad agent email                 | agents: [ { id: a, group: g, email: "anna at example" } ] | agents[0].email: 'anna at example' is not an e-mail address
            digest without smtp             | notifications: { email: { digest: true } }       | notifications.email.digest: has no effect without notifications.email.smtp
            bad blacklist                   | blacklist: ["+7abc"]                             | blacklist[0]: '+7abc' is not a number or prefix
            host name in a trunk            | sip: { trunks: [ { name: t, allow: ["10.0.0.1"], outbound: "sip:pbx.example.com:5060" } ] } | sip.trunks[0].outbound: 'sip:pbx.example.com:5060' must name an IP address
            """)
    void eachMistakeNamesItsKey(String name, String yaml, String expected) throws IOException {
        assertThat(problems(yaml, Map.of())).anySatisfy(p -> assertThat(p).startsWith(expected.trim()));
    }

    @Test
    void referencesBetweenSectionsAreChecked() throws IOException {
        String yaml = """
                sip:
                  trunks: [ { name: pbx, allow: ["10.0.0.0/33", "300.1.1.1", "pbx.example.com"], outbound: "http://x" } ]
                agents:
                  - { id: anna, group: salez, contact: "http://x", mobile: "8916" }
                groups:
                  - id: sales
                    head: igor
                    hours: { timezone: Mars/Olympus, weekly: { mon-fri: "09:00-19:00", fri: "18:00-20:00", sat: "9-5", xyz: "10:00-11:00" }, holidays: ["2027-13-01"] }
                    chain:
                      - { target: nxt, rings: 3 }
                      - { target: "agent:bob", seconds: 10 }
                      - { target: next, rings: 2, seconds: 5 }
                      - { target: "number:123", seconds: 10 }
                numbers:
                  - { number: "+74950000000", group: support }
                  - { pool: site, numbers: ["+74950000000"], group: sales }
                """;
        assertThat(problems(yaml, Map.of())).containsExactlyInAnyOrder(
                "sip.trunks[0].allow[0]: '10.0.0.0/33': prefix length must be 0..32",
                "sip.trunks[0].allow[1]: '300.1.1.1' is not an IP address or CIDR block",
                "sip.trunks[0].allow[2]: 'pbx.example.com' is not an IP address or CIDR block",
                "sip.trunks[0].outbound: 'http://x' is not a SIP URI such as sip:10.0.0.5:5060",
                "agents[0].contact: 'http://x' is not a SIP URI such as sip:anna@10.0.0.7:5060",
                "agents[0].mobile: '8916' is not an E.164 number such as +79160000001",
                "agents[0].group: no group 'salez'",
                "groups[0].head: no agent 'igor'",
                "groups[0].hours.timezone: unknown time zone 'Mars/Olympus'",
                "groups[0].hours.weekly.fri: '18:00-20:00' overlaps weekly.mon-fri '09:00-19:00' on fri",
                "groups[0].hours.weekly.sat: '9-5' is not HH:MM-HH:MM",
                "groups[0].hours.weekly.xyz: 'xyz' is not a day or day range (mon..sun, e.g. mon-fri)",
                "groups[0].hours.holidays[0]: '2027-13-01' is not a date (YYYY-MM-DD)",
                "groups[0].chain[0].target: 'nxt' is not a target; use personal-or-next, next, all-free, agent:<id>, head-mobile or number:<e164>",
                "groups[0].chain[1].target: no agent 'bob'",
                "groups[0].chain[2]: give either rings or seconds",
                "groups[0].chain[3].target: 'number:123': number must be E.164, like +74950000000",
                "numbers[0].group: no group 'support'",
                "numbers[1].numbers[0]: number +74950000000 is configured twice");
    }

    @Test
    void theDefaultChainNeedsAHeadWithAMobile() throws IOException {
        String yaml = """
                agents: [ { id: anna, group: sales } ]
                groups: [ { id: sales, head: anna } ]
                """;
        assertThat(problems(yaml, Map.of()))
                .containsExactly("groups[0].head: the default chain rings the head's mobile, but agent 'anna' has no mobile");
    }

    @Test
    void malformedYamlSaysWhere() throws IOException {
        List<String> p = problems("http: { port: 8080\nsip: [", Map.of());
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).contains("c.yaml: line").contains("not valid YAML");
    }

    @Test
    void aMissingFileIsAProblem() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("nope.yaml: config file not found");
    }

    @Test
    void qualifyAndClaimTimeoutsAreCheckedAndQualifyIsOffByDefault() throws Exception {
        assertThat(ConfigLoader.load(write(VALID), Map.of()).sip().qualify().everySeconds()).isZero();
        assertThat(ConfigLoader.load(write(VALID), Map.of("DOZVON_SIP_QUALIFY_EVERYSECONDS", "30")).sip().qualify())
                .isEqualTo(new DozvonConfig.Qualify(30, 3000));
        assertThat(problems(VALID, Map.of("DOZVON_SIP_QUALIFY_EVERYSECONDS", "2"))).containsExactly(
                "sip.qualify.timeoutMillis: must not be longer than sip.qualify.everySeconds");
        assertThat(problems(VALID, Map.of("DOZVON_SIP_QUALIFY_EVERYSECONDS", "-1", "DOZVON_SIP_CLAIMTIMEOUTMILLIS", "0")))
                .containsExactlyInAnyOrder("sip.qualify.everySeconds: must be 0 (off) or more",
                        "sip.claimTimeoutMillis: must be at least 1");
    }

    @Test
    void passwordsInUrlsAreNotEchoed() throws IOException {
        assertThat(problems("postgres: { url: \"mysql://bob:hunter2@db/x\" }", Map.of()))
                .allSatisfy(p -> assertThat(p).doesNotContain("hunter2"));
    }
}
