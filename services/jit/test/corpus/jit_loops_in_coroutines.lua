-- Hot loops inside coroutines, traced there (yield-safe trees only), against lua5.4 in every JIT mode:
-- guards and side exits, inlined calls and metamethods that yield on some iteration, helpers that
-- store, loops shared with the main thread, nested coroutines, pcall bodies, errors.

local function show(...) print(...) end

-- 1. a generator whose inner loop is hot; it yields between runs of it
local function sums(n)
  return coroutine.wrap(function()
    for i = 1, n do
      local s = 0
      for j = 1, 300 do s = s + j * 0.5 end
      coroutine.yield(s + i)
    end
  end)
end
local total = 0
for v in sums(120) do total = total + v end
show("sums", total)

-- 2. types that change mid-loop: integer to float, number to string, table to nil
local co = coroutine.create(function(k)
  local x = 0
  for i = 1, 900 do
    if i == 400 then x = x + 0.25 end
    if i == 600 then x = tostring(x) end
    x = x + i
  end
  k = coroutine.yield(x, math.type(x))
  local t = { 3, 4, 5 }
  local acc = 0
  for i = 1, 500 do
    if i == 321 then t = nil end
    if t then acc = acc + t[2] else acc = acc - 1 end
  end
  local w = 1
  for i = 1, 600 do
    if i == 300 then w = "7" end
    acc = acc + w * 2
  end
  return acc + k
end)
show(coroutine.resume(co, 0))
show(coroutine.resume(co, 1000))
show(coroutine.status(co))

-- 3. an inlined helper that yields on some calls only: the trace leaves, the interpreter yields
local function step(i)
  if i % 250 == 0 then coroutine.yield("tick", i) end
  return i * 2
end
local ticker = coroutine.wrap(function()
  local s = 0
  for i = 1, 1000 do s = s + step(i) end
  return "done", s
end)
for _ = 1, 5 do show(ticker()) end

-- 4. a Lua __index that yields on some keys, inside a traced loop
local lazy = setmetatable({}, {
  __index = function(t, k)
    if k % 97 == 0 then coroutine.yield("miss", k) end
    return k + 0.5
  end,
})
local reader = coroutine.wrap(function()
  local s = 0
  for i = 1, 400 do s = s + lazy[i] end
  return "read", s
end)
for _ = 1, 5 do show(reader()) end

-- 5. __add and __lt written in Lua, in a coroutine's loop
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({ x = a.x + b.x, y = a.y + b.y }, V) end
V.__lt = function(a, b) return a.x < b.x end
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
local vsum = coroutine.wrap(function(n)
  local acc = vec(0, 0)
  local lt = 0
  for i = 1, n do
    local v = vec(i, -i)
    acc = acc + v
    if v < acc then lt = lt + 1 end
    if i == n // 2 then n = coroutine.yield(acc.x, acc.y, lt) end
  end
  return acc.x, acc.y, lt
end)
show(vsum(800))
show(vsum(1200))

-- 6. a helper that stores (its call stays in the interpreter in a coroutine), results as in lua5.4
local log = {}
local function note(i)
  log[#log + 1] = i
  if i % 300 == 0 then coroutine.yield(#log) end
  return i
end
local noter = coroutine.wrap(function()
  local s = 0
  for i = 1, 700 do s = s + note(i) end
  return "noted", s, #log
end)
for _ = 1, 3 do show(noter()) end

-- 7. one loop run by the main thread and by coroutines, in both orders
local function scale(t, f)
  local s = 0
  for i = 1, #t do
    t[i] = t[i] * f
    s = s + t[i]
  end
  return s
end
local arr = {}
for i = 1, 200 do arr[i] = i end
show("main", scale(arr, 2))
show("co", coroutine.wrap(scale)(arr, 0.5))
show("main", scale(arr, 3))
local arr2 = {}
for i = 1, 200 do arr2[i] = i % 7 end
local function tally(t)
  local c = 0
  for i = 1, #t do if t[i] > 3 then c = c + 1 end end
  return c
end
show("co first", coroutine.wrap(tally)(arr2))
show("main then", tally(arr2))
arr2[5] = 2.5
show("co again", coroutine.wrap(tally)(arr2))

-- 8. nested loops, while and repeat, upvalues and closures made in the loop
local grid = coroutine.wrap(function(w, h)
  local cells = 0
  local fns = {}
  for y = 1, h do
    local x = 1
    while x <= w do
      if (x + y) % 3 == 0 then cells = cells + 1 end
      x = x + 1
    end
    local r = 0
    repeat r = r + y until r > 50
    fns[#fns + 1] = function() return y + cells end
    if y % 40 == 0 then coroutine.yield("row", y, cells) end
  end
  return "grid", cells, fns[3](), fns[#fns]()
end)
for _ = 1, 3 do show(grid(60, 100)) end

-- 9. pcall bodies with loops, yielding between them; an error inside a traced loop
local guarded = coroutine.wrap(function()
  local ok, a = pcall(function()
    local s = 0
    for i = 1, 500 do s = s + i end
    coroutine.yield("in pcall", s)
    for i = 1, 500 do s = s - i / 2 end
    return s
  end)
  show("pcall gave", ok, a)
  local ok2, e = pcall(function()
    local t = { 1, 2, 3 }
    local s = 0
    for i = 1, 800 do
      if i == 650 then t = "boom" end
      s = s + #t + t[1]
    end
    return s
  end)
  return "errored", ok2, e
end)
show(guarded())
show(guarded())

-- 10. recursion in a coroutine's loop (a function the main thread traced first)
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local f0 = 0
for i = 1, 25 do f0 = f0 + fib(i % 15) end
show("fib main", f0)
local fibs = coroutine.wrap(function()
  local s = 0
  for i = 1, 40 do
    s = s + fib(i % 15)
    if i % 20 == 0 then coroutine.yield(s) end
  end
  return "fib end", s
end)
for _ = 1, 3 do show(fibs()) end

-- 11. a coroutine inside a coroutine, each with hot loops
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function()
    for r = 1, 3 do
      local s = 0
      for i = 1, 400 do s = s + (i % 5) end
      coroutine.yield(s * r)
    end
  end)
  local acc = 0
  for _ = 1, 3 do
    local v = inner()
    for i = 1, 300 do acc = acc + v / i end
    coroutine.yield(string.format("%.6f", acc))
  end
  return "outer done"
end)
for _ = 1, 4 do show(outer()) end

-- 12. an uncaught error in a traced loop kills the coroutine with its line
local bad = coroutine.create(function()
  local t = {}
  for i = 1, 1000 do
    t[i] = i
    if i == 900 then t = nil end
  end
end)
show(coroutine.resume(bad))
show(coroutine.status(bad))

-- 13. a loop the main thread traced with a store inside an inlined call, then run in a coroutine
-- where that call yields after its store
local seen = {}
local yielding = false
local function record(i)
  seen[#seen + 1] = i
  if yielding and i % 150 == 0 then coroutine.yield("stored", #seen) end
  return i % 3
end
local function walk(n)
  local s = 0
  for i = 1, n do s = s + record(i) end
  return s
end
show("walk main", walk(600), #seen)
yielding = true
local walker = coroutine.wrap(function() return "walked", walk(450), #seen end)
for _ = 1, 4 do show(walker()) end
yielding = false
show("walk main again", walk(300), #seen)

-- 14. a store and then a yield on every other call, in a loop first made hot in the coroutine
local pairsLog = {}
local function both(i)
  pairsLog[#pairsLog + 1] = i
  if i % 2 == 0 then coroutine.yield(i) end
  return 1
end
local alternate = coroutine.wrap(function()
  local s = 0
  for i = 1, 300 do s = s + both(i) end
  return "alternated", s, #pairsLog
end)
local got = 0
for _ = 1, 150 do got = got + alternate() end
show("yielded", got)
show(alternate())

-- 15. a recursive function with a function trace, yielding at its leaves when called in a coroutine
local leafYields = false
local function depthSum(n)
  if n == 0 then
    if leafYields then coroutine.yield("leaf") end
    return 1
  end
  return depthSum(n - 1) + depthSum(n - 1)
end
local d0 = 0
for i = 1, 300 do d0 = d0 + depthSum(i % 4) end
show("depthSum main", d0)
leafYields = true
local leaves = 0
local climber = coroutine.wrap(function()
  local s = 0
  for i = 1, 60 do s = s + depthSum(2) end
  return "climbed", s
end)
local r = climber()
while r == "leaf" do
  leaves = leaves + 1
  r = climber()
end
show(r, leaves)

-- 16. an inlined call whose own loop has a tree, yielding inside that loop in a coroutine
local loopYields = false
local function spin(n)
  local s = 0
  for j = 1, n do
    s = s + j
    if loopYields and j == n then coroutine.yield("spun", s) end
  end
  return s
end
local sp = 0
for i = 1, 400 do sp = sp + spin(30 + i % 3) end
show("spin main", sp)
loopYields = true
local spinner = coroutine.wrap(function()
  local s = 0
  for i = 1, 120 do s = s + spin(30 + i % 3) end
  return "spins", s
end)
local spins, last = 0, nil
repeat
  last = spinner()
  spins = spins + 1
until last == "spins"
show(last, spins)

-- 17. a function trace the main thread compiled, run in a coroutine, yielding on a path it never took
local function tri(n, k)
  if n < 2 then return n end
  if n == k then coroutine.yield("at", n) end
  return tri(n - 1, k) + tri(n - 2, k)
end
local t0 = 0
for i = 1, 30 do t0 = t0 + tri(i % 12, -1) end
show("tri main", t0)
local tris = coroutine.wrap(function()
  local s = 0
  for i = 1, 6 do s = s + tri(10, 9) + tri(8, -1) end
  return "tri end", s
end)
local stops = 0
local tv = tris()
while tv == "at" do
  stops = stops + 1
  tv = tris()
end
show(tv, stops)
