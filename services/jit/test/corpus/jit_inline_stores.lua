-- Inlined callees with side effects (table, global and upvalue stores): the trace leaves inside them
-- after a store, so the interpreter must go on in the callee's frame instead of re-running the call.
local count = 0
local function bump(t, k, v)
  t[k] = (t[k] or 0) + v
  count = count + 1
  total = total + v
  if v > 95 then
    t.big = (t.big or 0) + 1
  end
  return t[k]
end
total = 0
local t = {}
local s = 0
for i = 1, 300 do
  local v = (i * 37) % 100
  s = s + bump(t, i % 7, v)
  if i == 150 then t.x = 'str' end
end
print(s, count, total, t.big, t[0], t[3])

-- the callee is replaced mid-loop: the identity guard fails before any store
local function f1(q, i) q.a = (q.a or 0) + i return 1 end
local function f2(q, i) q.b = (q.b or 0) + i return 2 end
local g = f1
local q = {}
local z = 0
for i = 1, 300 do
  if i == 200 then g = f2 end
  z = z + g(q, i)
end
print(z, q.a, q.b)

-- two levels of inlining with stores at both; exits in the inner one rebuild both frames
local function inner(u, v)
  u.i = (u.i or 0) + 1
  if v % 13 == 0 then u.thirteen = (u.thirteen or 0) + 1 end
  return v * 2
end
local function outer(u, v)
  u.o = (u.o or 0) + 1
  local w = inner(u, v)
  u.last = w
  return w + 1
end
local u = {}
local sum = 0
for i = 1, 400 do sum = sum + outer(u, i) end
print(sum, u.o, u.i, u.thirteen, u.last)

-- a value's type changes after the stores: coercion happens in the interpreter, once
local function acc(r, v)
  r.n = r.n + 1
  r.sum = r.sum + v
  return r.sum
end
local r2 = { n = 0, sum = 0 }
for i = 1, 200 do
  local v = i
  if i % 50 == 0 then v = tostring(i) end
  acc(r2, v)
end
print(r2.n, r2.sum)

-- a call to print after a store: recording aborts inside the callee, which must not run twice
local function logged(lt, v)
  lt.c = (lt.c or 0) + 1
  if v % 100 == 0 then print('at', v, lt.c) end
  return v
end
local lt = {}
for i = 1, 300 do logged(lt, i) end
print(lt.c)

-- the callee's upvalue is a local of the traced function that the loop itself also updates
local hits = 0
local function hit(n) hits = hits + n return hits end
local last = 0
for i = 1, 300 do
  hits = hits + 1
  last = hit(i % 3)
end
print(hits, last)

-- every iteration writes after a store: each recording aborts inside the callee after the store
local function out(o, v)
  o.c = (o.c or 0) + v
  io.write(o.c, ' ')
  return o.c
end
local o = {}
for i = 1, 130 do out(o, i) end
print()
print(o.c)
