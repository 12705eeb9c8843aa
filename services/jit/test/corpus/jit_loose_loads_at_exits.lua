-- Elements read where any number gives the same float (a known float times them), still live where
-- the trace leaves: inside an inlined call (whose exits run the call again), at a branch the trace
-- never took, at the loop's end. The interpreter must get each value back as it was stored: an
-- integer, an integral float (4.0) or a float, which math.type, tostring and // tell apart.
local function weight(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end

local xs = {}
for i = 1, 48 do
  if i % 4 == 0 then xs[i] = i elseif i % 4 == 1 then xs[i] = i * 1.0 else xs[i] = i + 0.25 end
end

-- the call's integer arithmetic overflows for huge i: the exit re-runs weight with x live
local sum, seen = 0.0, {}
for round = 1, 3 do
  for j = 1, #xs do
    local i = (round == 3 and j % 11 == 0) and math.maxinteger - 3 or round
    local x = xs[j]
    local w = weight(i, j)
    if i > 1000 or w > 0.5 then seen[#seen + 1] = math.type(x) .. ":" .. tostring(x) .. ":" .. tostring(x // 1) end
    sum = sum + x * w
  end
end
print(string.format("%.12f", sum))
print(table.concat(seen, " "))

-- a branch the recorded path did not take reads the element's subtype
local kinds = {}
local total = 0.0
for j = 1, #xs do
  local x = xs[j]
  local f = 0.5 * j
  if j == 40 or j == 45 or j == 46 then kinds[#kinds + 1] = math.type(x) .. "=" .. tostring(x) end
  total = total + x * f
end
print(total, table.concat(kinds, " "))

-- an element holding something else than a number leaves at the load itself
local mixed = { 1.5, 2, 3.0, "4", 5.5 }
local ok, err = pcall(function()
  local t = 0.0
  for j = 1, #mixed do t = t + mixed[j] * 2.0 end
  return t
end)
print(ok, err)

-- the last value read stays what it was once the loop is done
local lastx
local acc = 0.0
for j = 1, #xs do
  lastx = xs[j]
  acc = acc + xs[j] * 0.125
end
print(acc, lastx, math.type(lastx))
