-- The registrar saw a binding appear or go. ARGV: prefix, agentId, reachable ('1'/'0').
-- Agents with a static contact stay reachable whatever the registrar says.
local id, reachable = ARGV[2], ARGV[3]
local key = agentKey(id)
if redis.call('EXISTS', key) == 0 then return 0 end
if redis.call('HGET', key, 'static') == '1' then reachable = '1' end
if redis.call('HGET', key, 'reachable') == reachable then return 1 end
redis.call('HSET', key, 'reachable', reachable)
local a = load(id, nowMs())
indexFree(a)
publish(a)
return 1
