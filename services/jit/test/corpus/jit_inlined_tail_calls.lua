-- Tail calls in functions inlined into a traced loop: to natives (constructors ending in
-- `return setmetatable(...)`, string methods) and to Lua functions (whose frame replaces the caller's),
-- with results wanted or not, exits and errors inside the tail-called function.

local V = {}
V.__index = V
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
function V.add(a, b) return vec(a.x + b.x, a.y + b.y) end
function V:len2() return self.x * self.x + self.y * self.y end

local acc = vec(0, 0)
local s = 0
for i = 1, 3000 do
  local p = vec(i, -i)
  acc = acc:add(p)
  s = s + p:len2() % 7
end
print("vectors", acc.x, acc.y, s)

-- Results: as many as the caller wants, whatever the tail-called function returns.
local function two(a) return a, a * 2 end
local function pass(a) return two(a) end
local function none(a) return print ~= nil and two(a) end
local function upper(str) return str:upper() end
local n1, n2, n3, cnt = 0, 0, 0, 0
for i = 1, 2000 do
  local x, y = pass(i)
  local z = pass(i)
  pass(i)
  local w, v, u = pass(i)
  n1 = n1 + x + y + z + w + v
  if u == nil then cnt = cnt + 1 end
  n2 = n2 + #upper("ab" .. (i % 10))
  n3 = n3 + ((none(i)) and 1 or 0)
end
print("results", n1, n2, n3, cnt)

-- Fewer and more arguments than parameters; chains of tail calls.
local function three(a, b, c) return (a or 0) + (b or 0) * 10 + (c or 0) * 100 end
local function short(a) return three(a) end
local function long(a) return three(a, a, a, a, a) end
local function chain3(a) return short(a + 1) end
local function chain2(a) return chain3(a * 2) end
local t = 0
for i = 1, 2000 do t = t + short(i) + long(i) + chain2(i) end
print("arguments", t)

-- An exit inside the tail-called function after a store (a type change at some trips).
local log = {}
local function record(v) log[#log + 1] = v; return v + 1 end
local function via(v) return record(v) end
local r = 0
for i = 1, 3000 do
  local v = (i % 500 == 0) and (i + 0.5) or i
  r = r + via(v)
end
print("exits", r, #log)

-- Errors inside a tail-called function: messages and error levels as lua5.4 reports them.
local function fail(x) if x > 2500 then error("too big: " .. x, 2) end return x end
local function check(x) return fail(x) end
print(pcall(function() local q = 0; for i = 1, 3000 do q = q + check(i) end return q end))
local function idx(o) return o.field.deep end
local function get(o) return idx(o) end
print(pcall(function()
  local q = 0
  for i = 1, 3000 do q = q + get({ field = (i < 2900) and { deep = i } or nil }) end
  return q
end))

-- A protected metatable: setmetatable raises from the interpreter.
local Locked = { __metatable = "locked" }
local function lock(o) return setmetatable(o, Locked) end
local objs = {}
for i = 1, 200 do objs[i] = lock({ i = i }) end
print(pcall(function() for i = 1, 200 do lock(objs[i]) end end))
print(getmetatable(objs[1]), #objs)

-- A tail-called function with a loop of its own.
local function sum(nn) local q = 0; for k = 1, nn do q = q + k end return q end
local function sumOf(nn) return sum(nn % 7 + 5) end
local u = 0
for i = 1, 3000 do u = u + sumOf(i) end
print("loops", u)

-- A call's results spread into the next call's arguments, f(g(x)), g inlined: the outer function
-- changing at some trips (an exit between the two calls), or its argument types (an exit inside it).
local function pair(a) return a, a + 1 end
local function one(a) return a * 2 end
local function add3(a, b, c) return a + (b or 0) + (c or 0) end
local function mul3(a, b, c) return a * (b or 1) * (c or 1) end
local T = {}
for i = 1, 3001 do T[i] = (i % 400 == 0) and i + 0.25 or i end
local function addT(a, b) return a + T[b] end   -- T[b]: a float at some trips, an exit inside addT
local w = 0
for i = 1, 3000 do
  w = w + addT(pair(i))
  local f = (i % 700 == 0) and mul3 or add3
  local g = (i % 900 == 0) and function(a) return a + 0.5, a end or pair
  w = w + f(g(i)) + add3(i, pair(i)) + add3(one(i)) + math.max(one(i), 3)
  local x, y = pair(one(i))
  w = w + x + y
end
print("spread", w)
