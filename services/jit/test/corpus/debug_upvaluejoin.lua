-- debug.upvaluejoin as lua5.4's: the first function's upvalue becomes the second's cell (shared from then
-- on), argument errors as ldblib.c's; traces that read or wrote the old cell, inlined or not, see the
-- new one after the join.

local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc1, get1 = counter()
local inc2, get2 = counter()
inc1() inc1() inc2()
print(get1(), get2(), debug.upvalueid(inc1, 1) == debug.upvalueid(get1, 1))
print(debug.upvaluejoin(inc1, 1, inc2, 1))
inc1() inc1()
print(get1(), get2(), debug.upvalueid(inc1, 1) == debug.upvalueid(inc2, 1),
  debug.upvalueid(inc1, 1) == debug.upvalueid(get1, 1))

-- a traced loop reading an upvalue through an inlined closure, before and after the join
local a, b = 1, 100
local function ga() return a end
local function gb() return b end
local function sum(f, n)
  local s = 0
  for i = 1, n do s = s + f() + i % 3 end
  return s
end
print(sum(ga, 500), sum(ga, 500))
debug.upvaluejoin(ga, 1, gb, 1)
print(sum(ga, 500), sum(gb, 500))
b = 7
print(sum(ga, 500), a)

-- the traced loop's own closure, its upvalue written in the loop
local x, y = 0, 0
local function bump(n)
  for i = 1, n do x = x + i end
  return x
end
local function peek() return y end
print(bump(1000), x, y)
debug.upvaluejoin(bump, 1, peek, 1)
print(bump(1000), x, y, peek())

-- joining to itself, to a closure's own other upvalue, and repeated joins
local p, q = 3, 4
local function pq() return p, q end
debug.upvaluejoin(pq, 1, pq, 1)
print(pq())
debug.upvaluejoin(pq, 2, pq, 1)
print(pq())
p = 9
print(pq())

-- _ENV to _ENV: both read the globals
local function t1() return type end
local function t2() return print end
print(debug.getupvalue(t1, 1), debug.upvaluejoin(t1, 1, t2, 1), t1() == type, t2() == print)

-- the loop of a coroutine, joined from outside between resumes
local cz = 5
local function getz() return cz end
local other = 50
local function getOther() return other end
local co = coroutine.wrap(function()
  for round = 1, 3 do
    local s = 0
    for i = 1, 400 do s = s + getz() end
    coroutine.yield(s)
  end
end)
print(co())
debug.upvaluejoin(getz, 1, getOther, 1)
print(co())
other = 1
print(co())

-- argument errors, as ldblib.c checks them
local function try(...)
  print(pcall(debug.upvaluejoin, ...))
end
try()
try(inc1)
try(inc1, 1)
try(inc1, 1, inc2)
try(nil, 1, inc2, 1)
try(inc1, 5, inc2, 1)
try(inc1, 0, inc2, 1)
try(inc1, 1, inc2, 9)
try(inc1, 1, 42, 1)
try(print, 1, inc2, 1)
try(inc1, 1, print, 1)
try(inc1, "1", inc2, "1")
try(inc1, 1.5, inc2, 1)
try(inc1, "x", inc2, 1)
