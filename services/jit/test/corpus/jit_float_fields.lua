-- Traced loops reading and writing number fields (unboxed while a table holds only numbers):
-- floats becoming integral (1.0), NaN of both signs, -0.0, integers, other types mid-loop.
local function show(t, keys)
  local out = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    out[#out + 1] = k .. "=" .. tostring(v) .. ":" .. (math.type(v) or type(v))
  end
  print(table.concat(out, " "))
end

-- n-body style updates, with a body whose velocity turns NaN halfway (and flips sign)
local bodies = {
  { x = 0, y = 0, vx = 0.5, vy = -0.25, mass = 2 },
  { x = 1.5, y = -2.5, vx = 0.125, vy = 0.75, mass = 0.5 },
  { x = -3, y = 4.25, vx = -1, vy = 1, mass = 1.5 },
}
for step = 1, 200 do
  for i = 1, #bodies do
    local b = bodies[i]
    b.vx = b.vx - b.x * 0.01 * b.mass
    b.vy = b.vy - b.y * 0.01 * b.mass
    b.x = b.x + b.vx * 0.01
    b.y = b.y + b.vy * 0.01
  end
  if step == 120 then bodies[2].vx = 0/0 end
  if step == 150 then bodies[3].vy = -(0/0) end
end
for i = 1, #bodies do show(bodies[i], { "x", "y", "vx", "vy", "mass" }) end

-- a float field reaching integral values (boxed 1.0 / -0.0) and leaving them again
local p = { v = 0.25, w = -1.5 }
local seen = {}
for i = 1, 120 do
  p.v = p.v + 0.25
  p.w = p.w * -1
  if i == 60 then p.w = -0.0 end
  if i % 17 == 0 then seen[#seen + 1] = tostring(p.v) .. "/" .. tostring(p.w) end
end
print(table.concat(seen, " "))
show(p, { "v", "w" })

-- NaN stored by the trace: both signs, then numbers again
local q = { a = 1.5, b = 2.5 }
local log = {}
for i = 1, 150 do
  local z = (i % 50 == 0) and (q.a - q.a) / 0 or 0.5
  if i % 75 == 0 then z = -z end
  q.a = z * 3
  q.b = q.b + 1
  if i % 25 == 0 then log[#log + 1] = tostring(q.a) .. "," .. tostring(q.b) end
end
print(table.concat(log, " "))

-- a field switching type mid-loop: float, integer, string, nil, table, float
local r = { f = 0.5, g = 1.5 }
local kinds = {}
for i = 1, 160 do
  if i < 40 then r.f = r.f + 1.5
  elseif i < 70 then r.f = i
  elseif i < 90 then r.f = "s" .. i
  elseif i < 110 then r.f = nil
  elseif i < 130 then r.f = { i }
  else r.f = i / 4 end
  r.g = r.g * 1.25
  if i % 20 == 0 then kinds[#kinds + 1] = (math.type(r.f) or type(r.f)) end
end
print(table.concat(kinds, " "), r.f, r.g)

-- reads of fields that change type under the trace (guards), integers beyond int32
local s = { n = 1, m = 0.5 }
local acc, facc = 0, 0.0
for i = 1, 200 do
  acc = acc + s.n
  facc = facc + s.m
  if i == 50 then s.n = 2^31 end
  if i == 80 then s.n = 3.5 end
  if i == 100 then s.m = 7 end
  if i == 120 then s.n = 4 end
  if i == 140 then s.m = -0.0 end
  if i == 160 then s.m = 0/0 end
end
print(acc, facc, s.n, s.m)

-- many tables of one shape: some all numbers, some gaining a string mid-loop
local objs = {}
for i = 1, 100 do objs[i] = { id = i, score = i * 0.5 } end
local total = 0
for round = 1, 3 do
  for i = 1, 100 do
    local o = objs[i]
    o.score = o.score * 1.5 + o.id
    if round == 2 and i % 7 == 0 then o.tag = "t" end
    if round == 3 and i % 11 == 0 then o.score = -(0/0) end
    total = total + (o.score == o.score and o.score or 0)
  end
end
print(total, objs[7].tag, objs[11].score, objs[22].score, objs[14].score)

-- tables with more fields than a small unboxed array, updated in a loop
local big = { a = 1.5, b = 2.5, c = 3.5, d = 4.5, e = 5.5, f = 6.5, g = 7.5, h = 8.5, i = 9.5, j = 10.5 }
for k = 1, 100 do
  big.a = big.a + big.j * 0.5
  big.j = big.j - 0.25
  if k == 70 then big.e = 0/0 end
end
show(big, { "a", "b", "e", "j" })
