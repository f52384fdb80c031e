-- One agent with its current state, after bringing a lapsed hold up to date, as snapshot.lua does for every
-- agent: a console's hello or a presence change needs one agent, not a read of the whole floor.
-- ARGV: prefix, agent id. Returns id, state, since, reachable, group, call, replica; an empty list when the
-- agent is unknown.
local a = load(ARGV[2], nowMs())
if not a then
  return {}
end
return { a.id, a.state, fmt(a.since), a.reachable and '1' or '0', a.group, a.call, a.replica }
