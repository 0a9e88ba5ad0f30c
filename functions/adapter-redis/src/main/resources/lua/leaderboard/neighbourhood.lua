-- How one shard sees a pivot entry (which may live in another shard): the number of its entries
-- strictly better than the pivot, and up to n entries just above and just below it.
-- KEYS[1] scores; ARGV[1] pivot score, ARGV[2] pivot member, ARGV[3] n.
-- Descending order is (score desc, member desc). Entries with the pivot's score sit together,
-- in ascending member order, at ascending indexes [first, first + ties); a binary search over
-- them (O(log ties) ZRANGE calls) finds how many have a larger member, i.e. are better.
-- Returns {better, {member, score, ...} above best first, {member, score, ...} below best first}.
-- after(a, b): byte-wise a > b, from prelude.lua.
local key, score, member, n = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local better = redis.call('ZCOUNT', key, '(' .. score, '+inf')
local ties = redis.call('ZCOUNT', key, score, score)
local present = 0
if ties > 0 then
  local first = redis.call('ZCOUNT', key, '-inf', '(' .. score)
  local lo, hi = first, first + ties
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if after(redis.call('ZRANGE', key, mid, mid)[1], member) then
      hi = mid
    else
      lo = mid + 1
    end
  end
  better = better + (first + ties - lo)
  if lo > first and redis.call('ZRANGE', key, lo - 1, lo - 1)[1] == member then
    present = 1
  end
end
local above, below = {}, {}
if n > 0 then
  if better > 0 then
    above = redis.call('ZREVRANGE', key, math.max(0, better - n), better - 1, 'WITHSCORES')
  end
  below = redis.call('ZREVRANGE', key, better + present, better + present + n - 1, 'WITHSCORES')
end
return {better, above, below}
