-- Every agent with its current state, after bringing lapsed holds up to date (this is also the periodic
-- sweep that turns expired wrap_up into available). ARGV: prefix.
-- Returns a flat list: id, state, since, reachable, group, call, replica (holding the call), ...
local now = nowMs()
local ids = redis.call('SMEMBERS', P .. 'agents')
table.sort(ids)
local out = {}
for _, id in ipairs(ids) do
  local a = load(id, now)
  if a then
    for _, v in ipairs({ a.id, a.state, fmt(a.since), a.reachable and '1' or '0', a.group, a.call, a.replica }) do
      table.insert(out, v)
    end
  end
end
return out
