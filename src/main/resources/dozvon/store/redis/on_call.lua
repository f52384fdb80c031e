-- The leg to an agent held by this call answered: ringing -> on_call. ARGV: prefix, callId, agentId.
local callId, id = ARGV[2], ARGV[3]
local now = nowMs()
local a = load(id, now, callId)
if not a or a.state ~= 'ringing' or a.call ~= callId then return 0 end
put(a, 'on_call', now, callId, a.replica, 0)
return 1
