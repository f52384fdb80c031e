package dozvon.store.redis;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.StepTarget;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimResult;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Small helpers for presence tests: blocking waits (tests run off the event loop) and raw Redis access. */
final class PresenceFixture {

    private PresenceFixture() {}

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static <T> T await(Future<T> future) {
        return await(future.toCompletionStage());
    }

    static CallCommand.ClaimTargets claim(String callId, String group, StepTarget target, String personal,
                                          String... alreadyTried) {
        return new CallCommand.ClaimTargets(callId, group, 0, 1, target, personal, List.of(alreadyTried));
    }

    static ClaimResult claimNext(RedisPresenceStore store, String callId, String group, String... tried) {
        return await(store.claim(claim(callId, group, new StepTarget.Next(), null, tried)));
    }

    static String field(RedisConnection redis, String agentId, String field) {
        Response r = await(redis.client().send(Request.cmd(Command.HGET).arg(redis.key("agent:" + agentId)).arg(field)));
        return r == null ? null : r.toString();
    }

    static void setField(RedisConnection redis, String agentId, String field, String value) {
        await(redis.client().send(Request.cmd(Command.HSET).arg(redis.key("agent:" + agentId)).arg(field).arg(value)));
    }

    /** Fixes an agent's "since" so that idle order does not depend on which millisecond a step ran in. */
    static void setSince(RedisConnection redis, String agentId, long epochMillis) {
        setField(redis, agentId, "since", Long.toString(epochMillis));
    }

    static AgentState state(RedisConnection redis, String agentId) {
        return AgentState.fromWire(field(redis, agentId, "state")).orElseThrow();
    }

    static Instant since(RedisConnection redis, String agentId) {
        return Instant.ofEpochMilli(Long.parseLong(field(redis, agentId, "since")));
    }
}
