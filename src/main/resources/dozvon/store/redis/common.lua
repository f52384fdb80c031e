-- Shared by every presence script (prepended to each before loading). ARGV[1] is always the key prefix.
-- Keys are derived inside the scripts (group members decide which agent hashes are read), so these scripts
-- need a single Redis node, not a cluster.
--
-- Agent hash fields: state, since (ms), call (holding call id), replica (holding replica id), group,
-- reachable ('1'/'0'), static ('1' when the agent has a static contact), contact, wrapUntil (ms, 0 = none).
-- free:<group> is a sorted set of the group's routable agents (available and reachable) scored by "since",
-- so "the agent idle longest" is its first member and a claim never has to read the whole group.
-- wrap:<group> holds the group's agents in wrap_up scored by wrapUntil, so a claim can bring back exactly
-- those whose after-call work is over, without a sweep of every agent.
local P = ARGV[1]

-- Redis' own clock, so replicas with skewed clocks still agree on "since" and on wrap-up expiry.
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function fmt(n)
  return string.format('%.0f', n)
end

local function agentKey(id)
  return P .. 'agent:' .. id
end

-- "call" and "wrapUntil" let a console offer calls from what it heard, without reading every agent per call.
local function publish(a)
  redis.call('PUBLISH', P .. 'presence', '{"agent":' .. cjson.encode(a.id) .. ',"state":"' .. a.state
    .. '","since":' .. fmt(a.since) .. ',"reachable":' .. tostring(a.reachable)
    .. ',"call":' .. cjson.encode(a.call or '') .. ',"wrapUntil":' .. fmt(tonumber(a.wrapUntil) or 0) .. '}')
end

-- Keeps free:<group> and wrap:<group> in step with the agent's state, after a change whose previous state is
-- known: a set the agent was not in and does not join is left alone, so a claim (available -> ringing) does not
-- touch wrap:<group>, nor a release free:<group>'s removal. Two commands fewer per claim and release.
local function reindex(a, wasFree, wasWrap)
  if not a or not a.group or a.group == '' then return end
  if a.state == 'available' and a.reachable then
    redis.call('ZADD', P .. 'free:' .. a.group, a.since, a.id)
  elseif wasFree then
    redis.call('ZREM', P .. 'free:' .. a.group, a.id)
  end
  if a.state == 'wrap_up' then
    redis.call('ZADD', P .. 'wrap:' .. a.group, a.wrapUntil, a.id)
  elseif wasWrap then
    redis.call('ZREM', P .. 'wrap:' .. a.group, a.id)
  end
end

-- The same when the previous state is not known (reachability changed, a restart): both sets are made to agree.
local function indexFree(a)
  reindex(a, true, true)
end

-- Writes a new state (and who holds it) and tells the other replicas.
local function put(a, state, since, call, replica, wrapUntil)
  -- an agent new to Redis has no state yet: clear both sets, in case a stale entry is left from before
  local wasFree = a.state == nil or (a.state == 'available' and a.reachable)
  local wasWrap = a.state == nil or a.state == 'wrap_up'
  a.state, a.since, a.call, a.replica, a.wrapUntil = state, since, call or '', replica or '', wrapUntil or 0
  redis.call('HSET', a.key, 'state', state, 'since', fmt(since), 'call', a.call, 'replica', a.replica,
    'wrapUntil', fmt(a.wrapUntil))
  reindex(a, wasFree, wasWrap)
  publish(a)
end

-- Reads an agent (nil if unknown) and brings lapsed holds up to date first: a wrap_up whose time is over
-- became available when it ran out; a hold by a replica whose heartbeat key is gone is released now.
-- ownCall (optional): the call asking; its own hold is not checked, as the replica asking is alive.
local function load(id, now, ownCall)
  local key = agentKey(id)
  local v = redis.call('HMGET', key, 'state', 'since', 'call', 'replica', 'reachable', 'wrapUntil', 'contact', 'group')
  if not v[1] then
    return nil
  end
  local a = { id = id, key = key, state = v[1], since = tonumber(v[2]) or 0, call = v[3] or '',
    replica = v[4] or '', reachable = v[5] == '1', wrapUntil = tonumber(v[6]) or 0, contact = v[7] or '',
    group = v[8] or '' }
  if a.state == 'wrap_up' and a.wrapUntil <= now then
    put(a, 'available', math.max(a.wrapUntil, a.since), '', '', 0)
  elseif (a.state == 'ringing' or a.state == 'on_call') and a.replica ~= '' and a.call ~= ownCall
      and redis.call('EXISTS', P .. 'replica:' .. a.replica) == 0 then
    put(a, 'available', now, '', '', 0)
  end
  return a
end
