-- Performance cliff (BENCHMARKS.md, 2026-12-01 21:50): a callback written inline at its call, a new
-- closure per call. Guarded on the closure's identity, the trace left at every item.
local function map(t, f)
  local r = {}
  for i = 1, #t do r[i] = f(t[i]) end
  return r
end
local data = {}
for i = 1, 50 do data[i] = i end
local total = 0
for k = 1, 40000 do
  local r = map(data, function(x) return x * k + 1 end)
  total = total + r[#r]
end
print(total)
