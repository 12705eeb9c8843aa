-- Loops whose hot back-edge tends to come right before their last trip, and breaks out of loops in
-- called functions (the break closes the loop's locals): same output as lua5.4 in every JIT mode.

-- 8 fields, 7 back-edges per call: the default threshold (56) and its doublings fall on a last trip.
local function count(s, ch)
  local n, i = 0, 1
  while true do
    local j = string.find(s, ch, i, true)
    if not j then break end
    n = n + 1
    i = j + 1
  end
  return n
end

local total = 0
for k = 1, 3000 do
  total = total + count("a,b,c,d,e,f,g,h", ",")
  if k % 1000 == 0 then total = total + count("x,y", ",") end
end
print("fields", total)

-- Two trips per call: every back-edge is followed by the last trip.
local function pair(a)
  local s, i = 0, 0
  while i < 2 do
    i = i + 1
    s = s + a * i
  end
  return s
end
local p = 0
for k = 1, 2000 do p = p + pair(k) end
print("pairs", p)

-- A search that returns from inside its loop, called from a traced loop.
local function find(t, x)
  for i = 1, #t do
    local v = t[i]
    if v == x then return i end
  end
  return nil
end
local t = {}
for i = 1, 9 do t[i] = i * 3 end
local hits, misses = 0, 0
for k = 1, 4000 do
  local r = find(t, k % 30)
  if r then hits = hits + r else misses = misses + 1 end
end
print("search", hits, misses)

-- A break out of a block whose local is captured later in the loop: the closures see their own copies.
local function collect(n)
  local fs = {}
  local i = 0
  while true do
    i = i + 1
    local v = i * 10
    if i > n then break end
    fs[#fs + 1] = function() return v end
  end
  local s = 0
  for _, f in ipairs(fs) do s = s + f() end
  return s
end
local c = 0
for k = 1, 300 do c = c + collect(k % 5) end
print("closures", c)

-- repeat ... until with a local read by the condition, exiting after a varying number of trips.
local function digits(x)
  local n = 0
  repeat
    local q = x // 10
    n = n + 1
    x = q
  until x == 0
  return n
end
local d = 0
for k = 1, 5000 do d = d + digits(k * 7) end
print("digits", d)

-- Types that change after the loops were compiled: a float, then a string.
local function walk(s, step)
  local acc, i = 0, 1
  while i <= #s do
    acc = acc + string.byte(s, i) * step
    i = i + 2
    if i > 9 then break end
  end
  return acc
end
local w = 0
for k = 1, 600 do w = w + walk("abcdefghijklmnop", k < 400 and 1 or 0.5) end
print("walk", w)
print(pcall(walk, "abc", "x"))
