-- An agent (or an admin) picks a state. ARGV: prefix, agentId, to, then the states it may be left from
-- (computed in Java from PresenceRules.agentMaySet, so the rule lives in one place). Returns 1 if allowed.
local id, to = ARGV[2], ARGV[3]
local allowed = {}
for i = 4, #ARGV do
  allowed[ARGV[i]] = true
end
local now = nowMs()
local a = load(id, now)
if not a or not allowed[a.state] then return 0 end
if a.state == to then return 1 end -- idempotent: keeps "since", and so the agent's place in the idle order
put(a, to, now, '', '', 0)
return 1
