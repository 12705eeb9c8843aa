-- A yield called by a CALL of the coroutine's own loop leaves by returning; every other yield (inside
-- a pcall, a metamethod, a native's call) by the slower path. The two mixed in one coroutine, and the
-- forms of the CALL that yields: a statement, an expression, a tail call, a generic for's iterator.

-- 1. a statement, an expression with several values, no values, nil holes
local co = coroutine.create(function(a, b)
  coroutine.yield()
  local x, y, z = coroutine.yield(a + b, nil, "s")
  print("got", x, y, z)
  local t = { coroutine.yield(nil, nil) }
  print("table", #t, t[1], t[2], t[3])
  return "done", x
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co))
print(coroutine.resume(co, "p", nil, 3))
print(coroutine.resume(co, 1, nil, 3))
print(coroutine.resume(co))
print(coroutine.status(co))

-- 2. a tail call of yield: its results are the coroutine's return values
local tc = coroutine.wrap(function(v)
  local w = coroutine.yield(v * 2)
  return coroutine.yield(w .. "!")
end)
print(tc(21))
print(tc("x"))
print(tc("last", "values"))

-- 3. yield as a generic for's iterator
local it = coroutine.wrap(function()
  local n = 0
  for k, v in coroutine.yield, "state", 0 do
    n = n + 1
    print("for", k, v)
    if n == 3 then break end
  end
  return "out"
end)
print(it())
print(it(1, "a"))
print(it(2, "b"))
print(it(3, "c"))

-- 4. fast and slow yields mixed: own loop, pcall body, pcall of yield itself, a metamethod, own loop
local mt = { __index = function(_, k) return coroutine.yield("index " .. k) end }
local mixed = coroutine.create(function()
  local a = coroutine.yield("own 1")
  local ok, b = pcall(function() return coroutine.yield("in pcall " .. a) end)
  local ok2, c, d = pcall(coroutine.yield, "pcall of yield", ok, b)
  local obj = setmetatable({}, mt)
  local e = obj.field
  local f = coroutine.yield("own 2", ok2, c, d, e)
  return "end", f
end)
local v = { coroutine.resume(mixed) }
local i = 0
while coroutine.status(mixed) ~= "dead" do
  i = i + 1
  print(table.unpack(v, 1, 6))
  v = { coroutine.resume(mixed, "r" .. i, i) }
end
print(table.unpack(v, 1, 3))

-- 5. resumes nested: an outer coroutine's loop resumes an inner one and yields its values on
local inner = coroutine.wrap(function()
  for k = 1, 3 do coroutine.yield(k, k * k) end
  return nil
end)
local outer = coroutine.wrap(function()
  while true do
    local k, sq = inner()
    if k == nil then return "inner done" end
    coroutine.yield(k + sq)
  end
end)
print(outer(), outer(), outer(), outer())

-- 6. an error after fast yields: the coroutine dies with its position, and stays dead
local bad = coroutine.create(function(n)
  for k = 1, n do coroutine.yield(k) end
  error("boom at " .. n)
end)
for _ = 1, 4 do print(coroutine.resume(bad, 2)) end
print(coroutine.status(bad))

-- 7. yield across a native's callback is still refused, after fast yields went through
local cb = coroutine.create(function()
  coroutine.yield("fine")
  table.sort({ 3, 1, 2 }, function(x, y) coroutine.yield("no") return x < y end)
end)
print(coroutine.resume(cb))
print(coroutine.resume(cb))

-- 8. many switches: a producer and a consumer in a hot loop (the JIT's loops around them)
local prod = coroutine.wrap(function()
  for k = 1, 5000 do coroutine.yield(k, k % 7 == 0 and k * 0.5 or k) end
  return nil, nil
end)
local sum, fsum = 0, 0.0
while true do
  local k, x = prod()
  if k == nil then break end
  sum = sum + k
  fsum = fsum + x
end
print(sum, fsum, math.type(fsum))

-- 9. isyieldable and running, between fast yields
local q = coroutine.wrap(function()
  print(coroutine.isyieldable(), select(2, coroutine.running()))
  coroutine.yield()
  print(coroutine.isyieldable(), select(2, coroutine.running()))
  return "q"
end)
q()
print(q(), coroutine.isyieldable())
