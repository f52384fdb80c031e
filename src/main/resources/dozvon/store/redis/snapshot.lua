-- One page of every agent with its current state, after bringing lapsed holds up to date (this is also the
-- periodic sweep that turns expired wrap_up into available). ARGV: prefix, cursor, page size (SSCAN's COUNT).
-- A page at a time because a script blocks Redis while it runs: all of a large floor at once held every claim
-- back for tens of milliseconds, and the managers they were for rang that late.
-- Returns a flat list: the next cursor ('0' when done), then id, state, since, reachable, group, call, replica
-- (holding the call), ... An agent may come twice over the pages (SSCAN's promise): the caller keeps one.
local now = nowMs()
local page = redis.call('SSCAN', P .. 'agents', ARGV[2], 'COUNT', ARGV[3])
local out = { page[1] }
for _, id in ipairs(page[2]) do
  local a = load(id, now)
  if a then
    for _, v in ipairs({ a.id, a.state, fmt(a.since), a.reachable and '1' or '0', a.group, a.call, a.replica }) do
      table.insert(out, v)
    end
  end
end
return out
