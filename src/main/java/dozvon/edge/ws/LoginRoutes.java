package dozvon.edge.ws;

import dozvon.core.port.LoginFailures;
import dozvon.core.presence.AgentProfile;
import dozvon.edge.http.HttpErrors;
import dozvon.edge.http.HttpRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

/**
 * Console sign-in: {@code POST /api/login {agentId, password}} (no admin token; the password is the agent's
 * {@code password} from config, compared in constant time, never logged or echoed) and
 * {@code POST /api/tokens/agent {agentId}} (admin: a token for an agent, e.g. for a CRM that embeds the console).
 * Both answer {@code {token, expiresAt, agent: {id, name, group}}}.
 */
public final class LoginRoutes implements HttpRoutes {

    private static final Logger log = LoggerFactory.getLogger(LoginRoutes.class);
    private static final String BAD_LOGIN = "unknown agent or wrong password";
    /** Every failed login answers after this, so guessing is slow even below the throttle's threshold. */
    private static final long FAILURE_DELAY_MS = 400;
    private static final int MAX_FIELD = 256;
    /** How long a sign-in waits for the shared failure counts before going on without them. */
    private static final long THROTTLE_WAIT_MS = 2000;

    private final Map<String, AgentProfile> agents;
    private final Map<String, String> passwords;
    private final AgentTokens tokens;
    private final LoginThrottle throttle;
    private final LoginThrottle ipThrottle;

    /**
     * @param passwords agent id → console password; agents without one cannot log in (an admin token still works)
     * @param failures  failed sign-ins, shared by the replicas
     */
    public LoginRoutes(Map<String, AgentProfile> agents, Map<String, String> passwords, AgentTokens tokens,
                       LoginFailures failures) {
        this(agents, passwords, tokens, LoginThrottle.perAgent(failures), LoginThrottle.perAddress(failures));
    }

    LoginRoutes(Map<String, AgentProfile> agents, Map<String, String> passwords, AgentTokens tokens,
                LoginThrottle throttle, LoginThrottle ipThrottle) {
        this.agents = Map.copyOf(agents);
        this.passwords = Map.copyOf(passwords);
        this.tokens = tokens;
        this.throttle = throttle;
        this.ipThrottle = ipThrottle;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.post("/api/login").handler(this::login);
        router.post("/api/tokens/agent").handler(adminAuth).handler(this::issueForAdmin);
    }

    private void login(RoutingContext ctx) {
        JsonObject body = body(ctx);
        if (body == null) {
            return;
        }
        String agentId = text(ctx, body, "agentId");
        String password = agentId == null ? null : text(ctx, body, "password");
        if (agentId == null || password == null) {
            return;
        }
        String ip = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
        String agentKey = agentId;
        String ipKey = ip;
        Context here = ctx.vertx().getOrCreateContext();
        Future.fromCompletionStage(throttle.blocked(agentKey), here).compose(byAgent -> byAgent.isPresent()
                        ? Future.succeededFuture(byAgent)
                        : Future.fromCompletionStage(ipThrottle.blocked(ipKey), here))
                .timeout(THROTTLE_WAIT_MS, TimeUnit.MILLISECONDS)
                .recover(e -> {
                    // Redis away or hung: sign-ins go on unthrottled, still slowed by the failure delay, not stuck
                    log.warn("event=login_throttle_unavailable error=\"{}\"", e.toString());
                    return Future.succeededFuture(Optional.empty());
                })
                .onSuccess(wait -> {
                    if (wait.isPresent()) {
                        long seconds = Math.max(1, wait.get().toSeconds());
                        ctx.response().putHeader("Retry-After", Long.toString(seconds));
                        HttpErrors.send(ctx, 429, "too many failed logins, try again in " + seconds + " s");
                    } else {
                        check(ctx, here, agentId, password, agentKey, ipKey, ip);
                    }
                });
    }

    private void check(RoutingContext ctx, Context here, String agentId, String password, String agentKey, String ipKey,
                       String ip) {
        AgentProfile agent = agents.get(agentId);
        String expected = passwords.get(agentId);
        // Compare even when the agent is unknown, so timing does not tell which agent ids exist.
        boolean ok = constantTimeEquals(password, expected == null ? "\u0000no-password" : expected)
                && agent != null && expected != null;
        if (!ok) {
            log.info("event=login_failed agent={} ip={}", agentId.length() > 64 ? agentId.substring(0, 64) : agentId, ip);
            // the failures are counted before the answer, so the next attempt (on any replica) sees them
            CompletableFuture.allOf(throttle.failed(agentKey).toCompletableFuture(),
                            ipThrottle.failed(ipKey).toCompletableFuture())
                    .orTimeout(THROTTLE_WAIT_MS, TimeUnit.MILLISECONDS)
                    .whenComplete((v, e) -> here.runOnContext(x -> {
                        if (e != null) {
                            log.warn("event=login_throttle_unavailable error=\"{}\"", e.toString());
                        }
                        ctx.vertx().setTimer(FAILURE_DELAY_MS, id -> HttpErrors.send(ctx, 401, BAD_LOGIN));
                    }));
            return;
        }
        throttle.succeeded(agentKey).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("event=login_throttle_unavailable error=\"{}\"", e.toString());
            }
        });
        log.info("event=login agent={} ip={}", agentId, ip);
        answer(ctx, agent);
    }

    private void issueForAdmin(RoutingContext ctx) {
        JsonObject body = body(ctx);
        if (body == null) {
            return;
        }
        String agentId = text(ctx, body, "agentId");
        if (agentId == null) {
            return;
        }
        AgentProfile agent = agents.get(agentId);
        if (agent == null) {
            HttpErrors.send(ctx, 404, "no agent " + agentId, "agentId");
            return;
        }
        answer(ctx, agent);
    }

    private void answer(RoutingContext ctx, AgentProfile agent) {
        String token = tokens.issue(agent.id(), agent.group());
        AgentTokens.Claims claims = tokens.verify(token).orElseThrow();
        JsonObject out = new JsonObject()
                .put("token", token)
                .put("expiresAt", claims.expiresAt().toString())
                .put("agent", new JsonObject().put("id", agent.id()).put("name", agent.name()).put("group", agent.group()));
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(out.encode());
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().asJsonObject();
            if (body == null) {
                HttpErrors.send(ctx, 400, "a JSON object is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            HttpErrors.send(ctx, 400, "body is not a JSON object");
            return null;
        }
    }

    private static String text(RoutingContext ctx, JsonObject body, String field) {
        Object v = body.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            HttpErrors.send(ctx, 400, field + " is required", field);
            return null;
        }
        if (s.length() > MAX_FIELD) {
            HttpErrors.send(ctx, 400, field + " is too long", field);
            return null;
        }
        return s;
    }

    /** Equal-time whatever the lengths: both sides are hashed first. */
    static boolean constantTimeEquals(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] x = sha.digest(a.getBytes(StandardCharsets.UTF_8));
            byte[] y = sha.digest(b.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(x, y);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
