-- Float fields and elements that turn into integers mid-loop, read where any number gives the same
-- float (a known float + - * / it) and where the subtype shows (integer ops, printing, x * x).
local p = { x = 1.5, y = 0.25, m = 2.5 }
local acc = 0.5
for i = 1, 200 do
  if i == 60 then p.x = 2 end
  if i == 120 then p.y = -3 end
  if i == 150 then p.m = 7 end
  acc = acc + p.x * 1.25 - (0.5 - p.y) / p.m
end
print(acc, math.type(p.x), math.type(p.y))

local xs = {}
for i = 1, 64 do xs[i] = i + 0.5 end
local s = 0.0
for j = 1, 3 do
  for i = 1, #xs do
    s = s + xs[i] * 0.5
    if i % 7 == 0 then xs[i] = i end
  end
end
print(s)

-- the subtype matters here: an integer squared stays an integer, and // and %d see it
local q = { v = 2.5 }
local out = {}
for i = 1, 40 do
  if i == 20 then q.v = 3 end
  local v = q.v
  out[#out + 1] = v * v
  out[#out + 1] = v // 2
end
print(table.concat(out, " ", 35))
print(string.format("%s %s", q.v * q.v, 1.5 + q.v))

-- a loaded value still live after its float use keeps its type where the loop leaves
local r = { w = 0.75 }
local last
for i = 1, 30 do
  if i == 25 then r.w = 4 end
  local w = r.w
  last = w + 0.25
  if i == 28 then print(w, last) end
end
print(last, math.type(last))

-- two float fields meeting each other: both integers make an integer
local d = { a = 2.5, b = 0.5 }
local diffs = {}
for i = 1, 30 do
  if i == 15 then d.a, d.b = 7, 3 end
  diffs[#diffs + 1] = d.a - d.b
  diffs[#diffs + 1] = d.a * 0.5 + d.b
end
print(table.concat(diffs, " ", 27))
