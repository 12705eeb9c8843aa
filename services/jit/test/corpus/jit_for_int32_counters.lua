-- Numeric for loops whose counters leave int32 after their trees were compiled counting in int32:
-- indexes that cross 2^31 or -2^31, counts above 2^31 left by a break, steps beyond int32, and the
-- same loops before and after (the loop's trees are recompiled counting in doubles).
local function sum(a, b, st)
  local s = 0
  for i = a, b, st do s = s + i end
  return s
end

local acc = 0
for _ = 1, 120 do acc = acc + sum(1, 100, 1) end
print("small", acc)
for _ = 1, 120 do acc = acc + sum(2147483600, 2147483700, 1) end
print("across 2^31", acc)
for _ = 1, 120 do acc = acc + sum(-2147483600, -2147483700, -1) end
print("across -2^31", acc)
for _ = 1, 120 do acc = acc + sum(1, 100, 1) end
print("small again", acc)
for _ = 1, 60 do acc = acc + sum(0, 2 ^ 40, 2 ^ 35) end
print("float bounds", acc)
for _ = 1, 60 do acc = acc + sum(0, 1 << 40, 1 << 35) end
print("wide step", acc)

-- A count above 2^31 whose loop leaves early by break.
local hits = 0
for _ = 1, 80 do
  for i = 1, 1 << 40 do
    hits = hits + i
    if i >= 50 then break end
  end
end
print("break", hits)

-- An inner loop (started inside the outer loop's tree) whose range moves past 2^31 half-way.
local s = 0
for k = 1, 300 do
  local lo = k < 150 and k or 2147483600 + k
  for i = lo, lo + 60 do s = s + i % 7 end
end
print("inner", s)

-- Down-counting inner loop with a negative step that crosses -2^31.
local d = 0
for k = 1, 200 do
  local hi = k < 100 and 100 or -2147483600
  for i = hi, hi - 90, -3 do d = d + (i & 15) end
end
print("down", d)

-- The last value of the index just fits, then just does not.
local edge = 0
for k = 1, 200 do
  local lim = k < 100 and 2147483647 or 2147483648
  for i = lim - 10, lim do edge = edge + (i - lim) end
  edge = edge + 1
end
print("edge", edge)

-- A loop in a function the trace inlines (unrolled), called with arguments near 2^31.
local function four(a)
  local t = 0
  for i = a, a + 3 do t = t + i % 5 end
  return t
end
local u = 0
for k = 1, 400 do u = u + four(k < 200 and k or 2147483640 + k) end
print("inlined", u)

-- The loops at the ends of the integers still overflow-check as before.
local big = 0
for _ = 1, 60 do
  for i = math.maxinteger - 3, math.maxinteger do big = big + 1 end
  for i = math.mininteger + 3, math.mininteger, -1 do big = big + 1 end
end
print("ends", big)
