package dozvon.testsupport;

import dozvon.app.config.ConfigException;
import dozvon.app.config.ConfigLoader;
import dozvon.app.config.DozvonConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds a gateway config for a test: YAML text plus the run's own database, Redis prefix and free ports. */
public final class TestConfig {

    private TestConfig() {}

    public static final String ADMIN_TOKEN = "test-admin-token";

    /** @param yaml extra config (agents, groups, …); store URLs and ports are set through the environment */
    public static DozvonConfig load(String yaml, String postgresUrl, String redisUrl, String redisPrefix,
                                    Map<String, String> extraEnv) {
        try {
            Path file = Files.createTempFile("dozvon-test", ".yaml");
            Files.writeString(file, yaml);
            Map<String, String> env = new HashMap<>();
            env.put("DOZVON_HTTP_PORT", "0");
            env.put("DOZVON_HTTP_HOST", "127.0.0.1");
            env.put("DOZVON_HTTP_ADMINTOKEN", ADMIN_TOKEN);
            env.put("DOZVON_SIP_HOST", "127.0.0.1");
            env.put("DOZVON_SIP_PORT", "0");
            env.put("DOZVON_POSTGRES_URL", postgresUrl);
            env.put("DOZVON_REDIS_URL", redisUrl);
            env.put("DOZVON_REDIS_KEYPREFIX", redisPrefix);
            env.put("DOZVON_SHUTDOWN_DRAINSECONDS", "2");
            // Admission by SIP-loop lag depends on how busy the machine is, not on what a test does: a CI box
            // running Chromium and SIPp beside the gateway must not 503 a test's call (RedisTroubleE2ETest and
            // AllFreeChainE2ETest test admission by limits that do not depend on the machine); nor may a claim
            // slowed by such a box be given up (RedisTroubleE2ETest sets its own timeout)
            env.put("DOZVON_SIP_MAXLOOPLAGMILLIS", "5000");
            env.put("DOZVON_SIP_CLAIMTIMEOUTMILLIS", "5000");
            env.putAll(extraEnv);
            DozvonConfig config = ConfigLoader.load(file, env);
            Files.deleteIfExists(file);
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("test config invalid:\n" + String.join("\n", e.problems()), e);
        }
    }

    /** The usual case: a fresh database and prefix on the test servers. */
    public static DozvonConfig fresh(String yaml) {
        return load(yaml, TestStores.newDatabase(), TestStores.redisUrl(), TestStores.newRedisPrefix(), Map.of());
    }
}
