-- Numeric for loops inside functions that a traced loop calls, going round a few times per call (so
-- they never get hot by themselves): unrolled into the caller's trace, each back-edge a guard on the
-- trip count. Trip counts that change between calls, breaks, nested short loops, negative steps, a
-- loop with no trip, errors raised in an unrolled trip, and state visible after an exit.
local function sum(t, n)
  local s = 0
  for i = 1, n do s = s + t[i] end
  return s
end

local function dot3(a, b)
  local s = 0.0
  for i = 3, 1, -1 do s = s + a[i] * b[i] end
  return s
end

local function firstAbove(t, n, x)
  for i = 1, n do
    if t[i] > x then return i end
  end
  return -1
end

local function grid(n, m)
  local c = 0
  for i = 1, n do
    for j = i, m do c = c + i * j end
  end
  return c
end

local t = { 5, 7, 11, 13 }
local a, b = { 1.5, 2, 3 }, { 4, 0.5, -1 }
local acc, hits, g, d = 0, 0, 0, 0.0
for k = 1, 3000 do
  acc = acc + sum(t, 1) + sum(t, k % 5 == 0 and 3 or 2) + sum(t, 0)
  hits = hits + firstAbove(t, 4, k % 14)
  g = g + grid(2, k % 7 == 0 and 1 or 3)
  d = d + dot3(a, b)
end
print(acc, hits, g, d)

-- A value of another type reaches the unrolled body: the error comes from the interpreter.
local bad = { 1, 2, "x" }
local ok, err = pcall(function()
  local s = 0
  for k = 1, 200 do s = s + sum(bad, k < 150 and 2 or 3) end
  return s
end)
print(ok, err)

-- Side effects in the unrolled trips, then an exit in a later trip: the stores already made stay made.
local log = {}
local function push3(x)
  for i = 1, 3 do
    log[#log + 1] = x * i
    if x == 77 and i == 2 then x = x + 0.5 end
  end
end
for k = 1, 100 do push3(k) end
print(#log, log[1], log[230], log[231], log[300])

-- Bounds that vary, in a loop that never takes its back-edge (no trip or one): unrolled for the count
-- recorded; other counts leave by its guard and may get side paths of their own.
local function firstOf(u, n)
  local r = 0
  for i = 1, n do r = r + u[i] end
  return r
end
local v = 0
for k = 1, 3000 do v = v + firstOf(t, k % 2) + firstOf(t, (k // 7) % 2) end
print(v)
