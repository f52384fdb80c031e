-- An agent pressed "take" on a screen pop. ARGV: prefix, callId, agentId, replicaId, heartbeat TTL ms.
-- Returns the contact when the agent now rings for (or already rang for) this call, nil otherwise.
local callId, id, replica = ARGV[2], ARGV[3], ARGV[4]
local now = nowMs()
redis.call('SET', P .. 'replica:' .. replica, '1', 'PX', ARGV[5], 'NX')
local a = load(id, now)
if not a then return false end
if a.state == 'ringing' and a.call == callId then return a.contact end
if a.state == 'available' and a.reachable then
  put(a, 'ringing', now, callId, replica, 0)
  return a.contact
end
return false
