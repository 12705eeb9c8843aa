-- String-keyed fields holding numbers (kept unboxed while a table holds only numbers): NaN signs,
-- -0.0, integral floats, integers, and fields switching to other types and back.
local nan = 0/0
local function show(t, keys)
  local out = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    out[#out + 1] = k .. "=" .. tostring(v) .. ":" .. (math.type(v) or type(v))
  end
  print(table.concat(out, " "))
end

-- constructors: numbers only, NaN of both signs, -0.0, integral floats
local a = { x = 1.5, y = -2.25, z = 3 }
local b = { x = nan, y = -nan, z = 0.0 }
local c = { x = -0.0, y = 1.0, z = 2^53, w = 1e300, v = -1/0, u = 1/0 }
show(a, { "x", "y", "z" })
show(b, { "x", "y", "z" })
show(c, { "x", "y", "z", "w", "v", "u" })
print(1 / c.x, 1 / (c.x + 0.0), c.y == 1, c.z == 2^53, math.type(c.z))

-- stores into an all-number table: NaN (both signs) by constant, by arithmetic, by variable key
local p = { x = 0.5, y = 0.25 }
p.x = nan
show(p, { "x", "y" })
p.y = -nan
show(p, { "x", "y" })
p.x = 1.5
p.y = p.x * 0 * math.huge
show(p, { "x", "y" })
local q = { x = 0.5, y = 0.25 }
q.y = (q.x - q.x) / (q.y - q.y)
show(q, { "x", "y" })
local r = { x = 0.5, y = 0.25 }
local key = "y"
r[key] = -(0/0)
r["x"] = 0/0
show(r, { "x", "y" })
local s = { x = 0.5 }
rawset(s, "x", -nan)
rawset(s, "y", nan)
show(s, { "x", "y" })

-- fields appended one by one, growing past the first slots array and past eight fields
local g = {}
local names = { "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11" }
for i, k in ipairs(names) do
  if i == 6 then g[k] = -nan elseif i == 9 then g[k] = 2.0 else g[k] = i + 0.5 end
end
show(g, names)
local h = {}
for i, k in ipairs(names) do h[k] = i * 0.25 end
h.f3 = nan
h.f10 = -0.0
show(h, names)

-- integers mixed in, beyond int32 and beyond the safe range (bigint), and back
local m = { i = 1, f = 2.5 }
m.i = m.i + 2147483647
m.f = m.f * 2
show(m, { "i", "f" })
m.i = math.maxinteger
show(m, { "i", "f" })
m.i = m.i + 1
show(m, { "i", "f" })
m.i = 7
m.f = 7.0
show(m, { "i", "f" })

-- a number table taking other values: string, table, boolean, nil, then numbers again
local o = { x = 1.5, y = 2.5, z = 3.5 }
o.x = "str"
show(o, { "x", "y", "z" })
o.x = 4.5
o.y = nil
show(o, { "x", "y", "z" })
o.y = { 1 }
o.y = -nan
o.z = true
show(o, { "x", "y", "z" })

-- many tables of one shape, where later ones gain a string: all stay right
local objs = {}
for i = 1, 20 do
  local t = { id = i, score = i * 1.5 }
  if i % 3 == 0 then t.name = "n" .. i end
  if i % 4 == 0 then t.score = nan end
  if i % 5 == 0 then t.score = -nan end
  objs[i] = t
end
for i = 1, 20, 3 do show(objs[i], { "id", "score", "name" }) end
for i = 4, 20, 4 do show(objs[i], { "id", "score", "name" }) end

-- next/pairs over number fields (counted, and summed in a fixed order: pairs order may differ)
local cnt, sum = 0, 0
local nanseen = 0
local pt = { a = 1.5, b = 2, c = -nan, d = -0.0, e = 4.25 }
pt.b = nil
for k, v in pairs(pt) do
  cnt = cnt + 1
  if v ~= v then nanseen = nanseen + 1 else sum = sum + v end
end
print(cnt, sum, nanseen, pt.c, next({ x = -nan }))

-- dictionary mode (more than 64 string keys) with floats and NaNs
local d = {}
for i = 1, 70 do d["k" .. i] = i + 0.5 end
d.k3 = -nan
d.k69 = nan
d.k70 = -0.0
print(d.k1, d.k3, d.k69, d.k70, d.k70 == 0, 1 / d.k70)

-- globals holding floats
G1 = 0.5
G1 = G1 * 3
G2 = -nan
G3 = -0.0
print(G1, G2, G3, math.type(G3))
