-- Float slots (fields that came in with a float keep floats as bare numbers, integral ones included):
-- fields given an integer after floats and floats after integers, in traced loops and outside them,
-- read back through every path (inline caches, pairs, globals, methods, dictionary mode, arithmetic).
local function kind(v) return tostring(v) .. ":" .. (math.type(v) or type(v)) end
local function show(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = k .. "=" .. kind(t[k]) end
  print(table.concat(out, " "))
end

-- integral floats stored and read back in a loop (2.0, 3.0 ... are floats, not integers)
local p = { x = 0.5, y = 1.5 }
for i = 1, 60 do
  p.x = p.x + 0.5
  p.y = p.y * 1.0
  if i % 20 == 0 then print(kind(p.x), kind(p.y), kind(p.x + 1), kind(p.x // 1)) end
end
show(p)

-- a float field given an integer halfway, then floats again; another table of the same shape kept
local q = { v = 0.25, n = 1 }
local r = { v = 0.25, n = 1 }
for i = 1, 80 do
  if i == 40 then q.v = 7 elseif i > 40 and i % 3 == 0 then q.v = q.v + 1.0 else q.v = q.v + 1 end
  r.v = r.v + 0.75
  q.n = q.n + 1
end
show(q)
show(r)

-- an integer field given floats (the first body of n-body starts at 0), then integers and floats in turn
local bodies = {}
for i = 1, 5 do bodies[i] = i == 1 and { x = 0, vx = 0 } or { x = i * 1.5, vx = i * 0.5 } end
for step = 1, 50 do
  for i = 1, #bodies do
    local b = bodies[i]
    b.vx = b.vx + 0.5
    b.x = b.x + b.vx
  end
end
for i = 1, #bodies do show(bodies[i]) end
local t = { c = 0 }
for i = 1, 90 do
  if i % 2 == 0 then t.c = i else t.c = i + 0.5 end
  if i % 30 == 0 then print(kind(t.c)) end
end
for i = 1, 60 do
  t.c = (i % 4) * 1.0
  if i % 15 == 0 then print(kind(t.c), kind(t.c * 2), t.c == i % 4) end
end

-- nil, NaN and -0.0 in a float slot, and other types
local u = { f = 1.5, g = 2.5 }
for i = 1, 40 do
  if i == 10 then u.f = nil elseif i == 11 then u.f = 0 / 0 elseif i == 12 then print(u.f ~= u.f) end
  if i == 13 then u.f = -0.0 end
  if i == 14 then print(1 / u.f) end
  if i == 15 then u.f = "s" end
  if i == 16 then print(kind(u.f)) end
  if i > 16 then u.f = i * 1.0 end
  u.g = u.g + 1.0
end
show(u)

-- constructors in a loop whose field is an integer or a float by turns
local made = {}
for i = 1, 40 do
  local o = { a = (i % 2 == 0) and 1.0 or 1, b = i / 4, c = "k" }
  made[#made + 1] = o
  o.a = o.a + o.b
end
for i = 1, 6 do show(made[i]) end

-- globals holding floats, read in a hot loop
SCALE = 2.0
OFFSET = 0.5
local acc = 0
for i = 1, 100 do
  acc = acc + SCALE * i + OFFSET
  if i == 50 then SCALE = 3 end
  if i == 70 then SCALE = 4.0 end
end
print(kind(acc), kind(SCALE), kind(OFFSET))

-- many fields (a generic slots array), then dictionary mode: integral floats keep their kind
local big = {}
for i = 1, 12 do big["k" .. i] = i * 1.0 end
for i = 1, 30 do big.k1 = big.k1 + 1.0; big.k12 = big.k12 * 1.0 end
show(big)
for i = 13, 80 do big["k" .. i] = i + 0.0 end
print(kind(big.k1), kind(big.k12), kind(big.k80))

-- methods and next on a table of floats
local Acc = {}
Acc.__index = Acc
function Acc.new() return setmetatable({ total = 0.0, step = 1.0 }, Acc) end
function Acc:add() self.total = self.total + self.step; return self.total end
local a = Acc.new()
for i = 1, 50 do a:add() end
print(kind(a.total), kind(a:add()))
local k, v = next({ only = 3.0 })
print(k, kind(v))
