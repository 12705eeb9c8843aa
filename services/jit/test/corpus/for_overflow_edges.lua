-- numeric for loops near the integer limits never overflow
local function run(a, b, s)
  local out = {}
  for i = a, b, s do
    out[#out + 1] = i
    if #out > 6 then out[#out + 1] = "..."; break end
  end
  return table.concat(out, " ")
end
local maxi, mini = math.maxinteger, math.mininteger
print(run(maxi - 2, maxi, 1))
print(run(maxi - 5, maxi, 2))
print(run(maxi - 5, maxi, 3))
print(run(maxi - 1, maxi, maxi))
print(run(mini + 2, mini, -1))
print(run(mini + 5, mini, -2))
print(run(mini, mini + 1, 1))
print(run(0, maxi, maxi // 2))
print(run(0, mini, mini // 2))
print(run(mini, maxi, maxi))
print(run(maxi, mini, mini))
print(run(maxi, maxi, 1))
print(run(mini, mini, -1))
print(run(1, 0, maxi))
print(run(-1, 0, mini))

-- a float limit beyond the integer range is clipped for integer loops
print(run(maxi - 1, 1e100, 1))
print(run(mini + 1, -1e100, -1))
print(run(maxi - 1, math.huge, 1))
-- a float limit below the start with a positive step: no iterations
print("[" .. run(1, -1e100, 1) .. "]")
print("[" .. run(1, 0.5, 1) .. "]")
print("[" .. run(-1, -0.5, -1) .. "]")

-- the loop count for a large range is computed without overflow
local n = 0
for i = mini, maxi, maxi do n = n + 1 end
print("count", n)
n = 0
for i = maxi, mini, -maxi do n = n + 1 end
print("count neg", n)

-- float loops with big values
print(run(2^53 - 2, 2^53 + 2, 1.0))
print(run(1e308, math.huge, 1e308))
