-- Prepended to every leaderboard script by LuaScript.load (Redis scripts cannot import each other).

-- Byte-wise a > b. Lua's own string comparison follows the server's collation locale;
-- sorted sets compare members with memcmp, and so must we.
local function after(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x > y
    end
  end
  return #a > #b
end
