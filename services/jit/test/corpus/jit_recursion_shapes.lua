-- Recursion in many shapes under function traces: globals redefined, methods, strings, closures,
-- varargs, multiple results, ackermann, integer overflow, pcall boundaries, error levels.
-- global recursive function redefined mid-recursion
function gsum(n) if n == 0 then return 0 end return n + gsum(n - 1) end
local t0 = 0
for i = 1, 200 do t0 = t0 + gsum(i % 30) end
print(t0)
local old = gsum
gsum = function(n) if n == 10 then return 1000 end return old(n) end
print(old(25))
gsum = old
-- method recursion
local Node = {}
Node.__index = Node
function Node.new(v, l, r) return setmetatable({ v = v, l = l, r = r }, Node) end
function Node:sum() local s = self.v if self.l then s = s + self.l:sum() end if self.r then s = s + self.r:sum() end return s end
local function mk(d) if d == 0 then return nil end return Node.new(d, mk(d - 1), mk(d - 1)) end
local tr = mk(8)
local acc = 0
for _ = 1, 20 do acc = acc + tr:sum() end
print(acc)
-- strings
local function rep(s, n) if n == 0 then return '' end return s .. rep(s, n - 1) end
local total = 0
for i = 1, 100 do total = total + #rep('ab', i % 13) end
print(total, rep('x', 5))
-- closures inside (CLOSURE aborts the function trace)
local function mkc(n) if n == 0 then return function() return 0 end end local f = mkc(n - 1) return function() return f() + 1 end end
print(mkc(50)())
-- vararg recursion
local function cnt(...) local n = select('#', ...) if n == 0 then return 0 end return 1 + cnt(select(2, ...)) end
local c2 = 0
for _ = 1, 100 do c2 = c2 + cnt(1, 2, 3, 4) end
print(c2)
-- multiple results into table constructors
local function pair(n) if n == 0 then return 1, 2 end return pair(n - 1) end
local tt = {}
for i = 1, 100 do tt = { pair(i % 5) } end
print(#tt, tt[1], tt[2])
-- ackermann (deep and wide)
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 300), ack(3, 5))
-- float/int mixing in recursion, overflow into floats
local function pw(b, e) if e == 0 then return 1 end return b * pw(b, e - 1) end
print(pw(2, 62), pw(2, 63), pw(2, 64), pw(2.0, 64), pw(3, 40))
-- recursion through pcall boundary
local function pc(n) if n == 0 then error('deep') end local ok, e = pcall(pc, n - 1) return (ok and 0 or 1) + n end
for _ = 1, 60 do pc(5) end
print(pc(10))
-- error with level 2 from deep traced recursion, uncaught
local function lv(n) if n == 0 then error('lvl2 here', 2) end return lv(n - 1) + 0 end
for _ = 1, 100 do pcall(lv, 3) end
print(select(2, pcall(lv, 300)))
lv(7)
