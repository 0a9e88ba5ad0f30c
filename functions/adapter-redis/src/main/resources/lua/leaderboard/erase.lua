-- Removes a player's entry from one season shard, atomically; never creates a key.
-- KEYS[1] scores, KEYS[2] members, KEYS[3] closed marker; ARGV[1] playerId.
-- Returns {removed (1|0), closed marker or false, 1 if the ranking exists}: the shard's state at
-- the moment of the removal.
local member = redis.call('HGET', KEYS[2], ARGV[1])
local removed = 0
if member then
  redis.call('ZREM', KEYS[1], member)
  redis.call('HDEL', KEYS[2], ARGV[1])
  removed = 1
end
return {removed, redis.call('GET', KEYS[3]), redis.call('EXISTS', KEYS[1])}
