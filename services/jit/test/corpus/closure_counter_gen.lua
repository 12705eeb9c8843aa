local function gen(step)
  local v = 0
  return {
    next = function() v = v + step; return v end,
    reset = function() v = 0 end,
  }
end
local g1, g2 = gen(1), gen(10)
print(g1.next(), g1.next(), g2.next(), g1.next())
g1.reset(); print(g1.next(), g2.next())
