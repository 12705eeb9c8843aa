-- Closures made inside traced loops. A closure over a local that keeps its value gets a closed cell
-- in the trace; anything else (a local assigned later, a shared counter, a variable from outside the
-- loop) must still behave as the interpreter's open upvalues do.

-- Over the loop variable and a body local: each closure keeps its own iteration's values.
local fs = {}
for k = 1, 300 do
  local sq = k * k
  local half = k / 2          -- a float, integral at even k: must stay a float
  fs[k] = function() return k + sq, half end
end
local s = 0
for k = 1, 300 do local a, b = fs[k](); s = s + a + b end
print("own values", s, fs[4](), fs[7]())
print("float kept", select(2, fs[4]()), select(2, fs[8]()))

-- A body local assigned after the closure is made: the closure sees the later value.
local gs = {}
for k = 1, 200 do
  local v = k
  gs[k] = function() return v end
  v = v * 10
end
print("assigned later", gs[1](), gs[200]())

-- A local from outside the loop, changed in the loop: one shared variable.
local shared = 0
local hs = {}
for k = 1, 200 do
  shared = shared + k
  hs[k] = function() return shared end
end
print("shared", hs[1](), hs[200]())

-- Two closures over one local, one of them assigning it (a counter and its reader).
local readers = {}
for k = 1, 150 do
  local n = k
  local inc = function() n = n + 1 end
  readers[k] = function() return n end
  inc(); inc()
end
print("counter", readers[1](), readers[150]())

-- A callback written inline at its call, over the loop variable and an upvalue of the function.
local base = 1000
local function run(t, f) local r = 0; for i = 1, #t do r = r + f(t[i]) end return r end
local data = {}
for i = 1, 20 do data[i] = i end
local total = 0
for k = 1, 400 do
  total = total + run(data, function(x) return x * k + base end)
  if k == 200 then base = 2000 end
end
print("callbacks", total)

-- Closures made in an inlined function, over its parameter, returned and called later.
local function adder(n) return function(x) return x + n end end
local adders = {}
for k = 1, 300 do adders[k] = adder(k * 3) end
local a = 0
for k = 1, 300 do a = a + adders[k](k) end
print("made in a callee", a, adders[5](0))

-- An exit after the closure is made, in the same trip (a type change at some trips); the interpreter
-- makes another closure over the same local in that trip.
local pairs_ = {}
for k = 1, 300 do
  local v = (k % 50 == 0) and (k + 0.5) or k
  local f1 = function() return v end
  local w = v * 2
  local f2 = function() return v + w end
  pairs_[k] = f1() + f2()
end
local p = 0
for k = 1, 300 do p = p + pairs_[k] end
print("exit between", p)

-- Distinct closures every time, even of one function.
local seen, distinct = {}, 0
for k = 1, 100 do
  local f = function() return k end
  if not seen[f] then distinct = distinct + 1; seen[f] = true end
end
print("distinct", distinct)

-- A backward goto inside the local's scope makes the closure again over the same variable.
local outs = {}
for k = 1, 100 do
  local x = k
  local c = 0
  ::again::
  outs[#outs + 1] = function() return x + c end
  c = c + 1
  if c < 2 then goto again end
end
local o = 0
for _, f in ipairs(outs) do o = o + f() end
print("goto", #outs, o)
