package dozvon.store.redis;

import dozvon.core.port.TrackingSessions;
import dozvon.core.tracking.Attribution;
import dozvon.core.tracking.Lease;
import dozvon.core.tracking.NumberPool;
import dozvon.core.tracking.VisitorSession;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Pool number leases in Redis, one Lua script per lease (see {@code lease.lua}), so two replicas never hand one
 * number to two visitors. A number's last holder stays attributed until the number is leased to someone else:
 * reusing the number released longest ago keeps that window as long as the pool allows.
 */
public final class RedisTrackingSessions implements TrackingSessions {

    private static final LuaScript LEASE = LuaScript.withCommon("lease");

    private final RedisConnection redis;

    public RedisTrackingSessions(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Optional<Lease>> lease(NumberPool pool, VisitorSession session, Instant at) {
        List<String> args = new ArrayList<>();
        args.add(redis.key(""));
        args.add(pool.name());
        args.add(Long.toString(at.toEpochMilli()));
        args.add(Long.toString(pool.leaseFor().toMillis()));
        args.add(session.visitorId());
        args.add(sessionJson(session).encode());
        args.addAll(pool.numbers());
        return LEASE.run(redis, args).map(r -> {
            if (r == null || r.size() < 2) {
                return Optional.<Lease>empty();
            }
            return Optional.of(new Lease(r.get(0).toString(), Instant.ofEpochMilli(Long.parseLong(r.get(1).toString()))));
        }).toCompletionStage();
    }

    @Override
    public CompletionStage<Optional<Attribution>> holderOf(String pool, String number, Instant at) {
        String key = redis.key("track:" + pool + ":num:" + number);
        return redis.send(Request.cmd(Command.HGET).arg(key).arg("session")).map(r -> {
            if (r == null) {
                return Optional.<Attribution>empty();
            }
            return Optional.of(attribution(new JsonObject(r.toString()), pool));
        }).toCompletionStage();
    }

    private static JsonObject sessionJson(VisitorSession s) {
        return new JsonObject().put("visitorId", s.visitorId()).put("source", s.source()).put("medium", s.medium())
                .put("campaign", s.campaign()).put("keyword", s.keyword()).put("landingPage", s.landingPage());
    }

    private static Attribution attribution(JsonObject j, String pool) {
        return new Attribution(j.getString("source"), j.getString("medium"), j.getString("campaign"),
                j.getString("keyword"), j.getString("landingPage"), j.getString("visitorId"), pool);
    }
}
