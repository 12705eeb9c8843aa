-- Coroutines as lcorolib.c: create/resume/yield/status/wrap/running/isyieldable/close, values passed
-- both ways, errors inside, dead and running coroutines, wrap's error positions, nested coroutines,
-- upvalues shared with the code that made them, and lua5.4's limit on nested resumes.
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got2", d, e)
  return "done", 99
end)
print(type(co), coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.close(co))

local bad = coroutine.create(function() local x = nil; return x.y end)
print(coroutine.resume(bad))
print(coroutine.status(bad))
print(coroutine.close(bad))
print(coroutine.close(bad))

print(pcall(coroutine.yield, 1))
print(coroutine.isyieldable(), select(2, coroutine.running()), type(coroutine.running()))
print(pcall(coroutine.wrap(function() error("boom") end)))
local w2 = coroutine.wrap(function() return 1 end)
print(w2())
print(pcall(w2))
print(select(2, pcall(function() w2() end)))
print(pcall(coroutine.wrap(function() error(42) end)))
local _, eobj = pcall(coroutine.wrap(function() error({ code = 7 }) end))
print(type(eobj), eobj.code)
print(pcall(coroutine.resume, nil))
print(pcall(coroutine.create, 1))
print(pcall(coroutine.status))
print(pcall(coroutine.wrap, {}))
print(pcall(function() coroutine.resume(42) end))

local self
self = coroutine.create(function()
  print(coroutine.status(self), coroutine.isyieldable())
  print(coroutine.resume(self))
  print(pcall(coroutine.close, self))
end)
print(coroutine.resume(self))

-- nested: the resumer is 'normal' while its coroutine runs
local outer_co
local outer = coroutine.wrap(function()
  outer_co = coroutine.running()
  local inner = coroutine.create(function()
    print("outer is", coroutine.status(outer_co))
    coroutine.yield(1)
  end)
  print(coroutine.resume(inner))
  print("inner is", coroutine.status(inner))
  coroutine.yield("o1")
  return "o2"
end)
print(outer())
print(outer())
print(coroutine.status(outer_co))

-- generators
local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local s = 0
for v in gen(100) do s = s + v end
print(s)
print(select('#', coroutine.resume(coroutine.create(function() return end))))
print(coroutine.resume(coroutine.create(print), 1, 2))
print(coroutine.resume(coroutine.create(function(...) return select('#', ...), ... end), nil, nil))

-- nested resumes past lua5.4's limit
local depth = 0
local function nest()
  depth = depth + 1
  local ok, err = coroutine.resume(coroutine.create(nest))
  if not ok then error(err, 0) end
end
print(pcall(nest))
print(depth)
depth = 0
local function nestw()
  depth = depth + 1
  coroutine.wrap(nestw)()
end
local ok, msg = pcall(nestw)
print(ok, depth, #msg, msg:sub(-40))

-- error levels and stack overflow inside coroutines
print(coroutine.resume(coroutine.create(function() local function f() error("lvl2", 2) end f() end)))
print(coroutine.resume(coroutine.create(function() error("lvl1") end)))
print(coroutine.resume(coroutine.create(function() error("lvl2 at body", 2) end)))
local ok2, e2 = coroutine.resume(coroutine.create(function()
  local function r(n) return 1 + r(n + 1) end
  return r(1)
end))
print(ok2, (string.gsub(e2, "^.-:%d+: ", "")))

-- closures escaping a coroutine share its locals, before and after it ends
local get, set
co = coroutine.create(function()
  local x = 1
  get = function() return x end
  set = function(v) x = v end
  coroutine.yield()
  print("x in coroutine", x)
  x = x + 100
  coroutine.yield()
end)
coroutine.resume(co)
print(get()); set(5); print(get())
coroutine.resume(co)
print(get())
coroutine.resume(co)
print(get(), coroutine.status(co))
-- and a coroutine sees the locals of the function that made it
local counter = 0
co = coroutine.wrap(function() while true do counter = counter + 1; coroutine.yield(counter) end end)
co(); co(); counter = counter + 10
print(co(), counter)

-- threads as table keys and values
local t = {}
local c1, c2 = coroutine.create(print), coroutine.create(print)
t[c1] = 1; t[c2] = 2
print(t[c1], t[c2], c1 == c2, c1 == c1, type(c1), tostring(c1):match("^thread: ") ~= nil)

-- yields inside expressions, a tail-called yield, varargs
co = coroutine.create(function(a)
  local b = a + coroutine.yield(a * 2)
  local c = b .. coroutine.yield(b)
  return c
end)
print(coroutine.resume(co, 3))
print(coroutine.resume(co, 4))
print(coroutine.resume(co, "z"))
print(coroutine.resume(co))
co = coroutine.wrap(function() return coroutine.yield(1) end)
print(co()); print(co("tail", "values"))
local vg = coroutine.wrap(function(...)
  local args = { ... }
  for i, v in ipairs(args) do coroutine.yield(i, v, select('#', ...)) end
  return "end"
end)
print(vg("a", "b", nil)); print(vg()); print(vg()); print(pcall(vg))

-- closing a suspended coroutine
co = coroutine.create(function() coroutine.yield(1) print("never") end)
coroutine.resume(co)
print(coroutine.close(co), coroutine.status(co), coroutine.resume(co))
print(coroutine.isyieldable(co), coroutine.isyieldable(coroutine.running()))
