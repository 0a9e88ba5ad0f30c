-- A player's entry in one season shard.
-- KEYS[1] scores, KEYS[2] members; ARGV[1] playerId. Returns {member, score} or {}.
local member = redis.call('HGET', KEYS[2], ARGV[1])
if not member then
  return {}
end
return {member, redis.call('ZSCORE', KEYS[1], member)}
