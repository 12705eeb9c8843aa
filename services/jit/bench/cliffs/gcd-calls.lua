-- Performance cliff check (BENCHMARKS.md, 2026-12-01 21:50): a while loop in a called function.
local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end
local s = 0
for i = 1, 3000000 do s = s + gcd(i, 36) end
print(s)
