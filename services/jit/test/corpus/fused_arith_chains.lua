-- Arithmetic whose temporary feeds the next instruction (the interpreter fuses these into one
-- dispatch when the JIT is off): every subtype rule must hold in the middle of a chain.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = string.format("%s:%s", math.type(t[i]) or type(t[i]), tostring(t[i])) end
  print(table.concat(t, " "))
end

local maxi, mini = math.maxinteger, math.mininteger
local half, one, two, zero = 0.5, 1.0, 2, 0

-- integers stay integers through a chain; floats (integral or not) stay floats
for _, x in ipairs({ 0, 1, -1, 3, 7, 2 ^ 52, -(2 ^ 40) }) do
  local i = math.tointeger(x) or x
  show(i * 2 + 1, i * (i - 1) * 0.5 + i, 1.0 / (i * 2 + 1), (i + 1) * 2 - 3, i * 1.0 + 1)
end

-- integral float intermediates (ij * (ij - 1) * 0.5 is n(n-1)/2) and their division
for ij = 1, 6 do
  show(ij * (ij - 1) * 0.5 + ij, 1.0 / (ij * (ij - 1) * 0.5 + ij), ij * (ij - 1) // 2 + 1)
end

-- overflow in the middle of a chain wraps like lua5.4 (head, then continuation)
show(maxi + 1 - 1, maxi * 2 + 0, mini - 1 + 1, (maxi - 1) + 1 + 1, 2 ^ 53 * 2 + 1)
local big = 4503599627370496 -- 2^52
show(big * 2 + big * 2, big * 4 - 1, big * big + 1, (big + big) * 1024 - 1)

-- -0.0 and 0 * -1
show(0 * -1 + 0, zero * -1 - 0, -0.0 * 1 + 0, 0.0 * -1 * 1, (0.0 * -1) / 1, 1 / (0.0 * -1 * 1))
show(1 / (zero * -1 * 1), -(zero * -1))

-- NaN and infinities flowing through
local inf = 1 / 0
local nan = 0 / 0
show(inf * 0 + 1, inf - inf + 1, nan * 2 + 1, -(nan * 2 + 1), inf * 2 - inf, 1 / (inf * 2))
show((nan + 1) < 2, (nan + 1) <= 2, (inf - 1) > 2, (half * 2) <= 1, (half * 2) < 1)

-- comparisons fed by arithmetic, with integer/float mixes and integral float constants
local n = 0
for i = 1, 20 do
  if i * 2 + 1 > 20 then n = n + 1 end
  if i * 0.5 + 1 <= 4.0 then n = n + 100 end
  if 3 < i * i - 10 then n = n + 10000 end
end
show(n)

-- mixed int/float operands
show(two * half + 1, two * one + 1, 3 / two * 2, 3 // two * 2.0 + 1, 7 - one * 2)

-- strings coerce and metamethods run in the middle of a chain
show("10" * 2 + 1, 2 * "3.5" - 1, ("2" + 1) * 2)
local mt = { __add = function(a, b) return 100 end, __mul = function(a, b) return 7 end }
local obj = setmetatable({}, mt)
show(obj * 2 + 1, 2 * 3 + obj, (obj + 1) * 2, (1 + 2) * obj + 1)
local cnt = setmetatable({}, { __sub = function() return 1.5 end, __lt = function() return true end })
show(cnt - 1 + 1, (cnt - 1) * 2)

-- errors inside a chain name the right operand and line
local function try(f, ...)
  local ok, err = pcall(f, ...)
  print(ok, err)
end
local t = {}
try(function(x) return x * 2 + t end, 3)
try(function(x) return t * 2 + x end, 3)
try(function(x) return x * 2 + t.missing end, 3)
try(function(x, y) return x * 2 + y * 3 end, 3, nil)
try(function(x, y) return (x + 1) < y end, 3, "a")
try(function(x, y) return (x * 1.5) <= y + 1 end, 3, {})

-- loops mixing all of it
local acc, facc = 0, 0.0
for i = 1, 200 do
  acc = (acc * 31 + i) % 1000000007
  facc = facc * 0.5 + i * 0.25 - 1
end
show(acc, facc)
local zr, zi, cr, ci2 = 0.0, 0.0, -0.75, 0.1
local k = 0
for _ = 1, 100 do
  zi = 2.0 * zr * zi + ci2
  zr = zr * zr - zi * zi + cr
  if zr * zr + zi * zi > 4.0 then break end
  k = k + 1
end
show(k, zr, zi)

-- loop bodies ending in arithmetic (the interpreter runs the loop step in the same dispatch)
local s, f, w = 0, 0.0, maxi - 10
for i = 1, 10 do s = s + i end
for i = 1.0, 3.0, 0.5 do f = f + i end
for i = 10, 1, -3 do f = f * i end
for i = 1, 20 do w = w + i end -- wraps mid-loop
show(s, f, w)
local u = 0
for i = maxi - 2, maxi do u = u + 1 end
for i = mini, mini + 2 do u = u - 1 end
for i = 1, 3 do u = u + "1" end
for i = 3, 1 do u = u + 1000 end
show(u)
local m = 1
for i = 1, 5 do m = m * i * 0.5 end
for i = 1, 5 do m = m / 2 end
show(m)
local cl = {}
for i = 1, 3 do
  local x = i * 2
  cl[i] = function() return x end
  x = x + 1
end
show(cl[1](), cl[2](), cl[3]())

-- field loads feeding arithmetic and arithmetic feeding field stores
local p = { x = 1.5, y = 2, z = 3.0, big = 2 ^ 53, s = "4" }
local q = setmetatable({}, { __index = p })
local r = setmetatable({}, { __newindex = function(t, k, v) rawset(t, k, v * 10) end })
for pass = 1, 2 do
  show(p.x * 2 + 1, p.y * 2 + 1, p.z * 2 + 1, p.z - 3, p.big * 2 + 1, p.s * 2 + 1, q.x + q.y, q.z < 4)
  p.w = p.x * p.y -- adds a key (shape transition)
  p.x = p.x + 1
  p.y = p.y * 3
  p.z = p.z / 2
  r.v = p.y + 1
  r.v = p.y + 1
  q.u = q.x * 2
  show(p.w, p.x, p.y, p.z, r.v, rawget(q, "u"), rawget(p, "u"))
end
try(function() return p.missing * 2 + 1 end)
try(function() return p.s * 2 + {} end)
try(function(n) local a = n.f * 2 return a end, 5)
try(function(n) n.f = 1 * 2 + 1 end, nil)
try(function(n) n.f = 1 * 2 + 1 end, "str")
local vec = { vx = 0.0, vy = 0.0 }
for i = 1, 100 do
  vec.vx = vec.vx + i * 0.01
  vec.vy = vec.vy - vec.vx * 0.5
end
show(vec.vx, vec.vy)

-- results stored into locals and read at once by the next arithmetic or comparison
local function live(a, b)
  local x = a + b
  local y = x * x
  local z = y - x
  x = z / 2
  local w = x * x + x
  return x, y, z, w, w < x, x <= w
end
show(live(1, 2))
show(live(0.5, 0.25))
show(live(maxi, 0))
show(live(2 ^ 31, 2 ^ 31))
show(live(3037000499, 1))
show(live(1.0, 2))
show(live(0, -0.0))
show(live(nan, 1))
local hits, fl = 0, 0
for i = 1, 30 do
  local d = i * 3
  if d * d > 100 then hits = hits + 1 end
end
for i = 1.0, 10.0 do
  local d = i * 3
  if d < 12 then fl = fl + 1 end
end
for i = 10, 1, -2 do
  local d = i - 5
  if d * 2 <= 0 then fl = fl + 100 end
end
show(hits, fl)
