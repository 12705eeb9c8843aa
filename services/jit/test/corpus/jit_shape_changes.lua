-- Traces guard a table's shape and then read and write its slots directly: a shape that changes in
-- the middle of a hot loop must leave the trace (or take a side trace), never read a stale slot.

-- a field added to the traced table mid-loop, before the fields the loop reads
local p = { x = 1, y = 2 }
local sx, sy, se = 0, 0, 0
for i = 1, 400 do
  sx = sx + p.x
  sy = sy + p.y
  if i == 150 then p.extra = 10 end
  if i == 250 then p.x = nil; p.x = 5 end
  se = se + (p.extra or 0)
  p.y = p.y + 1
end
print(sx, sy, se, p.x, p.y, p.extra)

-- objects of several shapes through one loop (polymorphic accesses)
local objs = {}
for i = 1, 60 do
  if i % 3 == 0 then objs[i] = { v = i, w = 1 }
  elseif i % 3 == 1 then objs[i] = { w = 2, v = i }
  else objs[i] = { a = true, v = i } end
end
local total = 0
for round = 1, 20 do
  for i = 1, #objs do
    local o = objs[i]
    total = total + o.v + (o.w or 0)
    o.v = o.v + 1
  end
end
print(total)

-- tables built field by field in a loop (shape transitions in the trace)
local list = {}
for i = 1, 500 do
  local r = {}
  r.id = i
  r.name = "n" .. i
  if i % 2 == 0 then r.even = true end
  r.score = i * 3
  list[i] = r
end
local s, ev = 0, 0
for i = 1, #list do
  s = s + list[i].score + list[i].id
  if list[i].even then ev = ev + 1 end
end
print(s, ev, list[77].name, list[78].even)

-- one table growing past the shape limit (dictionary mode) while a field is read each iteration
local g = { keep = 7 }
local kk = 0
for i = 1, 300 do
  g["f" .. i] = i
  kk = kk + g.keep + g["f" .. i]
  if i == 200 then g.keep = nil; g.keep = 8 end
end
print(kk, g.keep, g.f300)

-- a field deleted in the loop and read back as nil, the table aliased by two registers
local a = { n = 0, flag = true }
local b = a
local flips = 0
for i = 1, 300 do
  if a.flag then flips = flips + 1 end
  if i % 7 == 0 then b.flag = nil elseif i % 7 == 3 then b.flag = true end
  a.n = a.n + 1
end
print(flips, a.n, b.n, a.flag)

-- the same loop over a table that goes into dictionary mode halfway
local d = { count = 0 }
for i = 1, 200 do
  d.count = d.count + 1
  if i == 100 then for j = 1, 70 do d["x" .. j] = j end end
end
print(d.count, d.x70)

-- a float field holding NaN and -0.0 keeps them through slot stores
local f = { v = 1.5 }
for i = 1, 100 do f.v = f.v * 2 end
local z = { v = 0.0 }
for i = 1, 100 do z.v = -z.v end
local nan = { v = 0 }
for i = 1, 100 do nan.v = (i % 2 == 0) and -(0 / 0) or (0 / 0) end
print(f.v, z.v, 1 / z.v, nan.v, string.format("%.1f", -nan.v))
