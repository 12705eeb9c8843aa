-- Fixed-argument Lua calls (the interpreter's inlined frame push) and arithmetic chains whose
-- temporary is the right operand of - and / (the chain computes r on either side).
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = string.format("%s:%s", math.type(t[i]) or type(t[i]), tostring(t[i])) end
  print(table.concat(t, " "))
end

-- missing parameters are nil, extra arguments dropped, results padded or cut
local function three(a, b, c) return a, b, c end
local function none() end
local function many() return 1, 2, 3 end
show(three(1))
show(three(1, 2, 3, 4))
show(none(), (none()))
local x, y, z, w = many()
show(x, y, z, w)
local p = many()
show(p, (many()))
show(three(many()))
local function va(...) return select("#", ...), ... end
show(va(1, nil, 3))
show(va())

-- callable tables and natives in the same call sites
local callable = setmetatable({}, { __call = function(self, a, b) return a + b end })
local fs = { three, callable, math.max, va }
for i = 1, #fs do show(fs[i](4, 5)) end

-- deep recursion grows the stack under the inlined push
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
show(depth(5000), depth(100))
local function sum(n, acc) if n == 0 then return acc end return sum(n - 1, acc + n) end
show(sum(10000, 0))

-- errors inside a called function carry its line; a call of a non-function names the variable
local function bad(v) return v.field.x end
print(pcall(bad, {}))
local notfn = 3
print(pcall(function() return notfn(1, 2) end))

-- right-hand temporaries of - and /, with integer and float subtypes
for _, v in ipairs({ 0, 1, -3, 2.5, 2 ^ 53, math.maxinteger // 4 }) do
  local i = math.tointeger(v) or v
  show(10 - i * 2, 1 / (i * 2 + 1), 7 // 1 - (i + 1) * 3, 3.0 - (i - i), 100 / (i * 4 - 1) - 1)
  show(2 - (i * 3 - 1) * 2, -1 - i * 1, 0.0 - i * 0, 1 - (i * 1.0 - 1), 6 / (i - i + 2))
end
local mi = math.mininteger
show(0 - (mi + 0) * 1, 1 - (mi - 1) * 1, mi // 2 - (mi // 2 + 1) * 2)

-- sums of products with two values in flight, as n-body computes a squared distance
local acc = 0
for i = 1, 50 do
  local dx, dy, dz = i * 0.5, 3 - i, i % 7
  local d2 = dx * dx + dy * dy + dz * dz
  acc = acc + d2 / (dx * dx + 1)
end
show(acc)

-- pairs leaving the fast path: integral floats, strings, metamethods, overflow, errors
local maxi = math.maxinteger
local vec = setmetatable({}, { __mul = function() return 10 end, __add = function(a, b) return 1.25 end })
for _, v in ipairs({ 2, 2.0, -0.0, "3", 0 / 0 }) do
  show(v * v + v * v, (v + 1) * (v - 1) - v * 2, v * 2 + 3 * v + 1)
end
show(vec * 2 + 3 * 4, 3 * 4 + vec * 2, 2 * 3 + vec * vec, maxi * 1 + maxi * 1, 1 * 2 + maxi * 3)
show(maxi + 0 + (maxi - 0), (maxi - 1) * 1 + (1 + 0) * 1, 0 * -1 + 0 * -1, 1.5 * 2 + 2 * 2)
local rec = { x = 1.5, n = 3, s = "2" }
show(rec.x + rec.n * 2, rec.n + rec.x * 2, rec.s + rec.n * 1, rec.n - rec.n * 2, rec.x / (rec.n * 0))
try = function(f, ...) print(pcall(f, ...)) end
try(function(a, b) return a * a + b * b end, 2, {})
try(function(a, b) return a * a + b.y * 2 end, 2, {})
try(function(a, b) return a.q + b * 2 end, {}, 2)
try(function(a, b) return a * 2 + b * 2 end, nil, 2)
