-- Keeps a player's best entry of one season shard, atomically, in one round trip.
-- KEYS[1] scores (sorted set: score -> member), KEYS[2] members (hash: playerId -> member),
-- KEYS[3] closed marker (present once the season is being archived),
-- KEYS[4] the set of erased players (lb:erased, one per Redis, outside the shard's hash tag).
-- ARGV[1] playerId, ARGV[2] score (integer, |score| <= 2^53, exact as a double),
-- ARGV[3] member = 12 hex digits of (2^48-1 - achievedAtMillis) .. playerId.
-- A larger member means an earlier achievement, so in descending order ties go to the first.
-- Returns {improved (1|0), best member, best score, 0-based descending rank}, {-1} when closed,
-- {-2} when the player is erased (checked in the same atomic step as the write).
if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1 then
  return {-2}
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {-1}
end

-- after(a, b): byte-wise a > b, from prelude.lua.
local best = redis.call('HGET', KEYS[2], ARGV[1])
local improved = 1
if best then
  local stored = tonumber(redis.call('ZSCORE', KEYS[1], best))
  local offered = tonumber(ARGV[2])
  if offered < stored or (offered == stored and not after(ARGV[3], best)) then
    improved = 0
  else
    redis.call('ZREM', KEYS[1], best)
  end
end
if improved == 1 then
  best = ARGV[3]
  redis.call('ZADD', KEYS[1], ARGV[2], best)
  redis.call('HSET', KEYS[2], ARGV[1], best)
end
return {improved, best, redis.call('ZSCORE', KEYS[1], best), redis.call('ZREVRANK', KEYS[1], best)}
