-- Elements recorded as integers that only meet floats in + - * /: the trace takes any number there,
-- so the same loop goes on when the array later holds floats, integral floats (4.0) or integers
-- too big for a double. Where the element is still live as the trace leaves, the interpreter must get
-- it back as it was stored, which math.type, tostring and // tell apart.
local function fill(xs, n, kind)
  for i = 1, n do
    if kind == "int" then
      xs[i] = i
    elseif kind == "float" then
      xs[i] = i + 0.25
    elseif kind == "integral" then
      xs[i] = i * 1.0
    else
      xs[i] = (i % 3 == 0) and i * 1.0 or (i % 3 == 1) and i or i + 0.5
    end
  end
  return xs
end

local function dot(xs, f)
  local s = 0
  for j = 1, #xs do s = s + xs[j] * f end
  return s
end

-- integers first (the trace is recorded on them), then every other kind through the same trace
local xs = fill({}, 64, "int")
local out = {}
for _, kind in ipairs({ "int", "float", "integral", "mixed", "int" }) do
  fill(xs, 64, kind)
  local s = dot(xs, 0.5)
  out[#out + 1] = kind .. "=" .. tostring(s) .. ":" .. math.type(s)
end
print(table.concat(out, " "))

-- an integer too big for a double leaves at the load; the interpreter rounds it as Lua does
xs[10] = math.maxinteger
print(dot(xs, 1.0), dot(xs, 0.5))
xs[10] = 10

-- the element is still live at a branch the recorded path did not take, and at the loop's end
local function kinds(ys)
  local seen, acc, last = {}, 0.0, nil
  for j = 1, #ys do
    local y = ys[j]
    acc = acc + y * 0.125
    if j % 16 == 0 then seen[#seen + 1] = math.type(y) .. ":" .. tostring(y) .. ":" .. tostring(y // 1) end
    last = y
  end
  return acc, table.concat(seen, " "), last, math.type(last)
end
print(kinds(fill({}, 64, "int")))

-- the same, left once only (no side path is recorded there): an integral float must come back as one
local function probe(ys, at)
  local acc, seen = 0.0, "none"
  for j = 1, #ys do
    local y = ys[j]
    acc = acc + y * 0.125
    if j == at then seen = math.type(y) .. ":" .. tostring(y) .. ":" .. tostring(y // 1) end
  end
  return acc, seen
end
print(probe(fill({}, 80, "int"), 0))
print(probe(fill({}, 80, "integral"), 50))
print(probe(fill({}, 80, "mixed"), 61))
print(probe(fill({}, 80, "mixed"), 62))
print(probe(fill({}, 80, "int"), 63))
print(kinds(fill({}, 64, "mixed")))
print(kinds(fill({}, 64, "integral")))

-- a nested loop long enough to run as its own tree, after one iteration of it inside the outer trace
-- (spectral-norm's shape): the outer loop's element dies before the inner loop reads anything
local function av(x, y, n)
  for i = 1, n do
    local a = 0
    for j = 1, n do a = a + x[j] * (1.0 / (i + j)) end
    y[i] = a
  end
end
local u, v = fill({}, 120, "int"), {}
av(u, v, 120)
av(v, u, 120)
fill(u, 120, "mixed")
av(u, v, 120)
print(string.format("%.12f %.12f %s", v[1], v[120], math.type(v[7])))

-- here the element is live inside the nested loop: it keeps its integer check, and an integer sum
-- stays an integer
local function carry(x, n)
  local out = {}
  for i = 1, #x do
    local e = x[i]
    local scaled = e * 0.5
    local s = 0
    for _ = 1, n do s = s + e end
    out[#out + 1] = math.type(s) .. ":" .. tostring(s) .. ":" .. tostring(scaled)
  end
  return table.concat({ out[1], out[2], out[3], out[#out] }, " ")
end
print(carry(fill({}, 70, "int"), 150))
print(carry(fill({}, 70, "mixed"), 150))
