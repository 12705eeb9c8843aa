-- The interpreter's shortcuts: int32 adds and subtracts (and leaving int32), a comparison running the
-- JMP after it (not when the jump closes upvalues), returns that close upvalues only of their own
-- frame, string-keyed stores, and call results placed directly in their register.

-- int32 operands whose sum or difference leaves int32, floats and integral floats mixed in
local big = 0x7fffffff
print(big + 1, big + big, -big - 2, (-big - 1) - big, 1 - big * 2)
print(big + 0.5, 3 - 0.5, 2.0 + 3, 5 - 2.0, -0.0 + 0, 0 - 0.0, math.mininteger + 1 - 1)
print(math.maxinteger + 1 == math.mininteger, math.maxinteger - 1 + 2, 1 + math.mininteger - 2)
local acc = 0
for i = 1, 100 do acc = acc + i * 1000000 - i end
print(acc, math.type(acc))

-- breaks and gotos out of scopes with captured locals, right after a test
local fs = {}
for i = 1, 5 do
  local x = i * 10
  fs[#fs + 1] = function() return x end
  if i == 3 then break end
end
print(#fs, fs[1](), fs[3]())
local n = 0
while true do
  local y = n
  fs[n + 1] = function() return y end
  n = n + 1
  if n >= 4 then goto out end
end
::out::
print(n, fs[1](), fs[4]())
local t = 0
repeat
  local z = t
  fs[t + 1] = function() return z * 2 end
  t = t + 1
until z >= 2
print(t, fs[3]())

-- a recursive local function (an open upvalue of the main chunk) that makes closures of its own
local function counters(k)
  if k == 0 then return {} end
  local list = counters(k - 1)
  local c = k
  list[#list + 1] = function() c = c + 1; return c end
  return list
end
local cs = counters(4)
print(cs[1](), cs[1](), cs[4](), cs[2]())

-- string keys: new, overwritten, removed, into tables with and without a hash part or a __newindex
local r = {}
r.a = 1
r.a = 2
r.b = 'x'
r.a = nil
local order = {}
for k, v in pairs(r) do order[#order + 1] = k .. '=' .. tostring(v) end
print(table.concat(order, ','), r.a, r.b)
local log = {}
local p = setmetatable({}, { __newindex = function(tt, k, v) log[#log + 1] = k; rawset(tt, k, v) end })
p.one = 1
p.one = 11
p.two = 2
print(table.concat(log, ','), p.one, p.two)
local arr = { 1, 2, 3 }
arr.n = 3
arr.n = nil
print(#arr, arr.n)

-- call results straight into their register, also as method calls and in expressions
local obj = { v = 5 }
function obj:get(d) return self.v + (d or 0) end
local function twice(f, v) return f(v) + f(v + 1) end
local a1 = obj:get(1) * obj:get() - twice(function(q) return q * q end, 3)
print(a1, obj:get(obj:get()), select('#', obj:get()))
local function id(...) return ... end
local s = id(1, 2) + id(10)
print(s, (id(7, 8)), id(id(3)) + 1)
print(pcall(function() local u = undefined_function(1) + 1; return u end))
print(pcall(function() local m = obj:missing() end))
