-- Removes an agent no longer in the config. ARGV: prefix, agentId.
local id = ARGV[2]
local key = agentKey(id)
local group = redis.call('HGET', key, 'group')
if group then
  redis.call('SREM', P .. 'group:' .. group, id)
  redis.call('ZREM', P .. 'free:' .. group, id)
  redis.call('ZREM', P .. 'wrap:' .. group, id)
end
redis.call('SREM', P .. 'agents', id)
return redis.call('DEL', key)
