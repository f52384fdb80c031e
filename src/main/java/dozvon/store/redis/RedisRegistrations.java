package dozvon.store.redis;

import dozvon.core.port.Registrations;
import dozvon.core.presence.ContactBinding;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Registered contacts in Redis: one hash per agent ({@code reg:<agent>}: contact URI → "expiresMillis|from"),
 * changed by one Lua script per REGISTER so concurrent registrations through different replicas never lose
 * an update. The hash itself expires with its last binding.
 */
public final class RedisRegistrations implements Registrations {

    private static final String APPLY = """
            local key = KEYS[1]
            local now = tonumber(ARGV[1])
            if ARGV[2] == '1' then redis.call('DEL', key) end
            local nrem = tonumber(ARGV[3])
            local i = 4
            for _ = 1, nrem do redis.call('HDEL', key, ARGV[i]); i = i + 1 end
            while i <= #ARGV do
              redis.call('HSET', key, ARGV[i], ARGV[i + 1] .. '|' .. ARGV[i + 2])
              i = i + 3
            end
            local out = {}
            local maxExp = 0
            local all = redis.call('HGETALL', key)
            for j = 1, #all, 2 do
              local sep = string.find(all[j + 1], '|', 1, true)
              local exp = tonumber(string.sub(all[j + 1], 1, sep - 1))
              if exp <= now then
                redis.call('HDEL', key, all[j])
              else
                if exp > maxExp then maxExp = exp end
                table.insert(out, all[j]); table.insert(out, all[j + 1])
              end
            end
            if maxExp > 0 then redis.call('PEXPIRE', key, maxExp - now) end
            return out
            """;

    private final RedisConnection redis;

    public RedisRegistrations(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<List<ContactBinding>> apply(String agentId, boolean removeAll, List<String> removals,
                                                       List<ContactBinding> upserts, Instant now) {
        Request eval = Request.cmd(Command.EVAL).arg(APPLY).arg(1).arg(redis.key("reg:" + agentId))
                .arg(now.toEpochMilli()).arg(removeAll ? "1" : "0").arg(removals.size());
        removals.forEach(eval::arg);
        for (ContactBinding b : upserts) {
            eval.arg(b.contact()).arg(b.expiresAt().toEpochMilli()).arg(b.receivedFrom() == null ? "" : b.receivedFrom());
        }
        return redis.send(eval).map(RedisRegistrations::bindings).toCompletionStage();
    }

    @Override
    public CompletionStage<List<ContactBinding>> live(String agentId, Instant now) {
        return apply(agentId, false, List.of(), List.of(), now);
    }

    private static List<ContactBinding> bindings(Response flat) {
        List<ContactBinding> out = new ArrayList<>();
        if (flat == null) {
            return out;
        }
        for (int j = 0; j + 1 < flat.size(); j += 2) {
            String value = flat.get(j + 1).toString();
            int sep = value.indexOf('|');
            long exp = Long.parseLong(value.substring(0, sep));
            String from = value.substring(sep + 1);
            out.add(new ContactBinding(flat.get(j).toString(), Instant.ofEpochMilli(exp), from.isEmpty() ? null : from));
        }
        return out;
    }
}
