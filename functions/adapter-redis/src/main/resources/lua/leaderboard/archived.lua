-- Marks a season shard archived and lets all its keys expire, atomically, so a crash can never
-- leave an "archived" shard that never expires.
-- KEYS[1] scores, KEYS[2] members, KEYS[3] closed marker; ARGV[1] marker text, ARGV[2] ttl millis.
redis.call('SET', KEYS[3], ARGV[1])
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 1
