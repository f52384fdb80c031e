-- Claims agents for one chain step of a call: available (and reachable) -> ringing, held by this call and
-- replica. ARGV: prefix, callId, replicaId, mode (next|personal|all|agent), groupId, named agent ('' if
-- none: the personal manager or the agent:<id> target), heartbeat TTL ms, then the already-tried agent ids.
-- Returns { {id, contact, ...claimed}, {id, reason, ...skipped} }.
local callId, replica, mode, group, named = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local tried = {}
for i = 8, #ARGV do
  tried[ARGV[i]] = true
end
local now = nowMs()
-- A replica that claims is alive: make sure its heartbeat exists, or its fresh claims would look stale to
-- other replicas until its first heartbeat tick.
redis.call('SET', P .. 'replica:' .. replica, '1', 'PX', ARGV[7], 'NX')

local claimed, skipped, seen = {}, {}, {}

-- Agents whose wrap-up is over are available again as of their wrapUntil: bring them back before choosing.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'wrap:' .. group, '-inf', now)) do
  load(id, now)
end

local function skipReason(a)
  if not a then return 'offline' end
  local s = a.state
  if s == 'available' then
    if a.reachable then return nil end
    return 'offline'
  elseif s == 'away' then return 'away'
  elseif s == 'offline' then return 'offline'
  elseif s == 'ringing' then
    if a.call == callId then return 'already_tried' end
    -- another call's claim got to them first; they are not talking yet
    return 'claimed_by_other_call'
  end
  return 'busy' -- on_call, wrap_up
end

-- The agent if claimable; otherwise records why not and returns nil. Each agent is considered once.
local function consider(id)
  if seen[id] then return nil end
  seen[id] = true
  local a = load(id, now)
  local why = tried[id] and 'already_tried' or skipReason(a)
  if why then
    table.insert(skipped, id)
    table.insert(skipped, why)
    return nil
  end
  return a
end

local function take(a)
  put(a, 'ringing', now, callId, replica, 0)
  table.insert(claimed, a.id)
  table.insert(claimed, a.contact)
end

local function members()
  local m = redis.call('SMEMBERS', P .. 'group:' .. group)
  table.sort(m) -- a stable order for the trace and for ties
  return m
end

-- Groups up to this size are read whole, so the trace shows every agent and why they were passed over;
-- larger groups are routed from free:<group> alone, so a claim costs the same with 20 agents or 5,000.
local SMALL_GROUP = 64
local large = redis.call('SCARD', P .. 'group:' .. group) > SMALL_GROUP
local freeKey = P .. 'free:' .. group

-- The first claimable agent of free:<group> in idle order, reading it a window at a time.
local function firstFree()
  local start = 0
  while true do
    local ids = redis.call('ZRANGE', freeKey, start, start + 15)
    if #ids == 0 then return nil end
    local dropped = 0
    for _, id in ipairs(ids) do
      local a = consider(id)
      if a then return a end
      if not tried[id] then
        redis.call('ZREM', freeKey, id) -- not routable for everyone, not just this call: a stale entry
        dropped = dropped + 1
      end
    end
    start = start + 16 - dropped
  end
end

-- idle longest: earliest since, ties to the smaller id (as core.presence.IdleLongest)
local function claimNext()
  if large then
    local a = firstFree()
    if a then take(a) end
    return
  end
  local best
  for _, id in ipairs(members()) do
    local a = consider(id)
    if a and (not best or a.since < best.since or (a.since == best.since and a.id < best.id)) then
      best = a
    end
  end
  if best then take(best) end
end

if mode == 'agent' then
  local a = consider(named)
  if a then take(a) end
elseif mode == 'all' then
  for _, id in ipairs(large and redis.call('ZRANGE', freeKey, 0, -1) or members()) do
    local a = consider(id)
    if a then take(a) end
  end
elseif mode == 'personal' then
  local a = nil
  if named ~= '' then a = consider(named) end
  if a then take(a) else claimNext() end
else
  claimNext()
end
return { claimed, skipped }
