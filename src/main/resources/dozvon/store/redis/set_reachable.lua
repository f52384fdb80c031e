-- The registrar saw a binding appear or go, or an OPTIONS to a static contact was answered or not.
-- ARGV: prefix, agentId, reachable ('1'/'0'), source ('register' | 'qualify').
-- Agents with a static contact stay reachable whatever the registrar says: only qualifying their phone counts.
local id, reachable, source = ARGV[2], ARGV[3], ARGV[4]
local key = agentKey(id)
if redis.call('EXISTS', key) == 0 then return 0 end
local static = redis.call('HGET', key, 'static') == '1'
if static ~= (source == 'qualify') then return 1 end
if redis.call('HGET', key, 'reachable') == reachable then return 1 end
redis.call('HSET', key, 'reachable', reachable)
local a = load(id, nowMs())
indexFree(a)
publish(a)
return 1
