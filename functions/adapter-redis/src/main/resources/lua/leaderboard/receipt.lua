-- Replaces the receipt of an archived shard (its archive file was rewritten), keeping the expiry.
-- KEYS[1] closed marker; ARGV[1] archived prefix, ARGV[2] new marker text. Returns 1 if replaced.
local marker = redis.call('GET', KEYS[1])
if marker and string.sub(marker, 1, #ARGV[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0
