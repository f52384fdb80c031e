-- Leases a pool number to a website visitor. ARGV: prefix, pool, now (ms), lease (ms), visitorId, session (JSON),
-- then the pool's configured numbers. Returns {number, expiresAt} or false when every number is held.
-- Keys under <prefix>track:<pool>: free (zset: number -> when it was released, 0 = never leased), held
-- (zset: number -> lease expiry), num:<number> (hash: visitor, session, expires; kept after expiry, so a late
-- call still reaches the last visitor until the number is leased again), visitor:<id> (their number).
-- Times come from the caller, not Redis, so tests can run the lease clock.
local pool, now, leaseMs, visitor, session = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6]
local base = P .. 'track:' .. pool .. ':'
local free, held = base .. 'free', base .. 'held'
local configured = {}
for i = 7, #ARGV do configured[ARGV[i]] = true end

-- Leases that ran out go back to the free numbers, released at their expiry.
local expired = redis.call('ZRANGEBYSCORE', held, '-inf', now, 'WITHSCORES')
for i = 1, #expired, 2 do
  local n, at = expired[i], expired[i + 1]
  redis.call('ZREM', held, n)
  local v = redis.call('HGET', base .. 'num:' .. n, 'visitor')
  if v and redis.call('GET', base .. 'visitor:' .. v) == n then
    redis.call('DEL', base .. 'visitor:' .. v)
  end
  redis.call('ZADD', free, at, n)
end

-- Numbers added to the config (or a flushed Redis) join the free ones as never leased.
for n in pairs(configured) do
  if not redis.call('ZSCORE', held, n) and not redis.call('ZSCORE', free, n) then
    redis.call('ZADD', free, 0, n)
  end
end

-- The visitor keeps the number they hold; otherwise the free number released longest ago.
local mine = redis.call('GET', base .. 'visitor:' .. visitor)
if not (mine and configured[mine] and redis.call('ZSCORE', held, mine)
        and redis.call('HGET', base .. 'num:' .. mine, 'visitor') == visitor) then
  mine = nil
  local candidates = redis.call('ZRANGE', free, 0, -1)
  for _, n in ipairs(candidates) do
    redis.call('ZREM', free, n)
    if configured[n] then
      mine = n
      break
    end
    -- a number no longer configured is simply dropped
  end
  if not mine then return false end
end

local expires = now + leaseMs
redis.call('ZADD', held, expires, mine)
redis.call('DEL', base .. 'num:' .. mine)
redis.call('HSET', base .. 'num:' .. mine, 'visitor', visitor, 'session', session, 'expires', fmt(expires))
-- the pointer is checked against held on use; its TTL only keeps abandoned visitors from piling up
redis.call('SET', base .. 'visitor:' .. visitor, mine, 'PX', leaseMs * 2)
return {mine, fmt(expires)}
