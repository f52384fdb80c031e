package dozvon.store.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One Lua script run by its SHA1 (EVALSHA). The digest is computed locally, so a call never waits for a
 * SCRIPT LOAD; when Redis does not know the script (restart, failover, SCRIPT FLUSH) the NOSCRIPT answer is
 * met with a SCRIPT LOAD and the call is retried once.
 */
final class LuaScript {

    private static final String RESOURCE_DIR = "/dozvon/store/redis/";

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** The script {@code <name>.lua} with the shared helpers of {@code common.lua} in front of it. */
    static LuaScript withCommon(String name) {
        return new LuaScript(name, resource("common") + "\n" + resource(name));
    }

    String name() {
        return name;
    }

    String sha() {
        return sha;
    }

    /** Loads the script into Redis' script cache (optional: {@link #run} loads it on demand too). */
    Future<Void> load(RedisConnection redis) {
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source)).compose(r -> {
            if (!sha.equals(r.toString())) {
                return Future.failedFuture("Redis hashed script " + name + " as " + r + ", expected " + sha);
            }
            return Future.succeededFuture();
        });
    }

    /** EVALSHA with no KEYS and these ARGV; the reply may be null (a Lua false). */
    Future<Response> run(RedisConnection redis, List<String> args) {
        return redis.send(evalsha(args)).recover(e -> {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                return load(redis).compose(v -> redis.send(evalsha(args)));
            }
            return Future.failedFuture(e);
        });
    }

    private Request evalsha(List<String> args) {
        Request r = Request.cmd(Command.EVALSHA).arg(sha).arg(0);
        for (String a : args) {
            r.arg(a);
        }
        return r;
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(RESOURCE_DIR + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + RESOURCE_DIR + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}
