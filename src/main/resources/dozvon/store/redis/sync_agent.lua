-- Brings one configured agent into Redis. ARGV: prefix, agentId, group, contact, static ('1'/'0').
-- Never touches a live state: an agent seen before keeps state and since across restarts.
local id, group, contact, static = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local key = agentKey(id)
local old = redis.call('HGET', key, 'group')
if old and old ~= group then
  redis.call('SREM', P .. 'group:' .. old, id)
  redis.call('ZREM', P .. 'free:' .. old, id)
  redis.call('ZREM', P .. 'wrap:' .. old, id)
end
redis.call('SADD', P .. 'group:' .. group, id)
redis.call('SADD', P .. 'agents', id)
redis.call('HSET', key, 'group', group, 'contact', contact, 'static', static)
if static == '1' then
  redis.call('HSET', key, 'reachable', '1') -- a static phone is always there
elseif redis.call('HEXISTS', key, 'reachable') == 0 then
  redis.call('HSET', key, 'reachable', '0') -- until the phone registers
end
if redis.call('HEXISTS', key, 'state') == 0 then
  local a = { id = id, key = key, group = group, reachable = redis.call('HGET', key, 'reachable') == '1' }
  put(a, 'available', nowMs(), '', '', 0)
  return 1
end
indexFree(load(id, nowMs())) -- a live state kept across a restart: make sure free:<group> agrees with it
return 0
