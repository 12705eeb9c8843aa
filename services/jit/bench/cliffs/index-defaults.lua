-- Performance cliff (BENCHMARKS.md, 2026-12-01 23:55): objects whose missing fields come from an
-- __index function (defaults, computed properties). The trace recorder aborted ("__index") on every
-- read that reached the function, and the loop was interpreted.
local defaults = { color = "red", size = 1 }
local mt = {
  __index = function(t, k)
    if k == "area" then return t.w * t.h end
    return defaults[k]
  end,
}
local sum, red = 0, 0
for i = 1, tonumber(arg and arg[1]) or 2000000 do
  local o = setmetatable({ w = i % 10, h = 3 }, mt)
  sum = sum + o.size + o.area
  if o.color == "red" then red = red + 1 end
end
print(sum, red)
