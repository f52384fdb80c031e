-- Gives back an agent held by a call. ARGV: prefix, callId, agentId, to (available|wrap_up), wrap-up ms.
-- A no-op (0) unless this very call still holds the agent, so a late release never frees another call's agent.
local callId, id, to, wrapMs = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local now = nowMs()
local a = load(id, now, callId)
if not a or a.call ~= callId or (a.state ~= 'ringing' and a.state ~= 'on_call') then return 0 end
if to == 'wrap_up' and wrapMs > 0 then
  put(a, 'wrap_up', now, '', '', now + wrapMs)
else
  put(a, 'available', now, '', '', 0)
end
return 1
