-- Loop traces calling functions that contain loops: the callee's loop runs as its own compiled tree
-- from the caller's trace. Exits inside it, early leaves, type changes, errors and values used
-- after the callee's loop must all behave as in lua5.4.

-- the n-body shape: a top-level loop calling a function whose nested loops update tables
local function step(ps, n, dt)
  for i = 1, n do
    local p = ps[i]
    local vx = p.vx
    for j = i + 1, n do
      local q = ps[j]
      local d = p.x - q.x
      vx = vx - d * dt
      q.vx = q.vx + d * dt
    end
    p.vx = vx
    p.x = p.x + dt * vx
  end
end
local ps = {}
for i = 1, 5 do ps[i] = { x = i * 1.5, vx = 0.25 * i } end
for _ = 1, 300 do step(ps, #ps, 0.01) end
for i = 1, 5 do print(string.format('%.9f %.9f', ps[i].x, ps[i].vx)) end

-- values computed by the callee's loop are used after it (reloaded) and returned
local function sum(t, n)
  local s, m = 0, 0
  for i = 1, n do
    s = s + t[i]
    if t[i] > m then m = t[i] end
  end
  return s * 2 + m
end
local arr = {}
for i = 1, 50 do arr[i] = i % 7 end
local total = 0
for k = 1, 400 do total = total + sum(arr, 1 + k % 50) end
print(total)

-- the callee's loop leaves early (break / return from inside it) on some calls
local function find(t, v)
  local found = -1
  for i = 1, #t do
    if t[i] == v then
      found = i
      break
    end
  end
  return found
end
local function firstneg(t)
  for i = 1, #t do
    if t[i] < 0 then return i end
  end
  return 0
end
local hits, negs = 0, 0
local nt = {}
for i = 1, 30 do nt[i] = i end
for k = 1, 500 do
  hits = hits + find(arr, k % 9)
  if k == 350 then nt[17] = -1 end
  negs = negs + firstneg(nt)
end
print(hits, negs)

-- a value in the callee's loop changes type mid-run (integer to float, then to a string)
local function scale(t, n, f)
  local acc = 0
  for i = 1, n do
    acc = acc + t[i] * f
  end
  return acc
end
local vals = {}
for i = 1, 20 do vals[i] = i end
local out = 0
for k = 1, 600 do
  if k == 300 then vals[5] = 2.5 end
  if k == 450 then vals[7] = '3' end
  out = out + scale(vals, 20, 2)
end
print(out)

-- a while loop in the callee, and a callee that only sometimes runs its loop
local function collatz(n)
  local c = 0
  while n ~= 1 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    c = c + 1
  end
  return c
end
local function maybe(t, k)
  local s = k
  if k % 3 == 0 then
    for i = 1, #t do s = s + t[i] end
  end
  return s
end
local cs, ms = 0, 0
for k = 1, 400 do
  cs = cs + collatz(k)
  ms = ms + maybe(arr, k)
end
print(cs, ms)

-- errors inside the callee's loop: message, line, error level 2 and pcall as in lua5.4
local function checked(t, n)
  local s = 0
  for i = 1, n do
    if t[i] == nil then error('missing ' .. i, 2) end
    s = s + t[i]
  end
  return s
end
local et = {}
for i = 1, 40 do et[i] = i end
print(pcall(function()
  local s = 0
  for k = 1, 300 do
    if k == 250 then et[33] = nil end
    s = s + checked(et, 40)
  end
  return s
end))
local function arith(t, n)
  local s = 0
  for i = 1, n do s = s + t[i] end
  return s
end
local at = {}
for i = 1, 10 do at[i] = i end
print(pcall(function()
  local s = 0
  for k = 1, 300 do
    if k == 200 then at[4] = {} end
    s = s + arith(at, 10)
  end
  return s
end))

-- a metatable appears on a table the callee's loop writes
local function fill(t, n, v)
  for i = 1, n do t[i] = v end
  return #t
end
local ft, log = {}, 0
for k = 1, 300 do
  if k == 200 then setmetatable(ft, { __newindex = function(t, key, v) log = log + 1; rawset(t, key, v) end }) end
  if k == 201 then ft = {} end
  fill(ft, 8, k)
end
print(#ft, ft[3], log)

-- the callee is reassigned mid-loop (the identity guard leaves)
local function twice(t, n) local s = 0 for i = 1, n do s = s + 2 * t[i] end return s end
local function thrice(t, n) local s = 0 for i = 1, n do s = s + 3 * t[i] end return s end
local g = twice
local gs = 0
for k = 1, 400 do
  if k == 300 then g = thrice end
  gs = gs + g(arr, 10)
end
print(gs)

-- a callee loop calling a function with its own loop (trees calling trees through two frames),
-- with an error level 2 raised from the innermost one late in the run
local function inner(t, k)
  local s = 0
  for i = 1, #t do
    s = s + t[i] * k
    if s > 1e12 then error('overflow at ' .. k, 2) end
  end
  return s
end
local function middle(t, n)
  local acc = 0
  for k = 1, n do acc = acc + inner(t, k) end
  return acc
end
local mt = {}
for i = 1, 12 do mt[i] = i end
local grand = 0
print(pcall(function()
  for r = 1, 300 do
    if r == 280 then mt[6] = 1e13 end
    grand = grand + middle(mt, 6)
  end
end))
print(grand)

-- the callee's loop calls an inlined function that stores, and leaves inside it
local function bump(o, v)
  o.n = o.n + 1
  o.sum = o.sum + v
  return o.sum
end
local function run(o, t)
  local last = 0
  for i = 1, #t do last = bump(o, t[i]) end
  return last
end
local obj = { n = 0, sum = 0 }
local bt = {}
for i = 1, 9 do bt[i] = i end
local lastsum = 0
for r = 1, 300 do
  if r == 200 then bt[4] = 4.5 end
  if r == 260 then bt[4] = 4 end
  lastsum = run(obj, bt)
end
print(obj.n, obj.sum, lastsum)

-- the caller's loop changes a local that a closure captures, and the callee's loop calls that
-- closure: the caller must store it before the call, whatever else it stores only on leaving
local level = 0
local function current() return level end
local function gather(n)
  local s = 0
  for i = 1, n do s = s + current() * i end
  return s
end
local got = 0.5
for _ = 1, 400 do
  level = level + 1
  got = got + gather(6)
end
print(got, level)
