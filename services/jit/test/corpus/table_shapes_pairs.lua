-- String-keyed fields live in shapes (shared slot layouts): pairs/next must still see exactly the
-- fields present, whatever was cleared, re-added or converted to a dictionary along the way.
-- Output never depends on the traversal order (lua5.4's is randomised per run).
local function keys(t)
  local ks = {}
  for k, v in pairs(t) do
    local name = type(k) == "table" and "?" or tostring(k)
    ks[#ks + 1] = type(k) .. ":" .. name .. "=" .. tostring(v)
  end
  table.sort(ks)
  return table.concat(ks, " ")
end

-- clearing each field as it is visited, then going on
local t = { a = 1, b = 2, c = 3, d = 4, e = 5, [1] = "one", [2] = "two", [10] = "ten", [2.5] = "f" }
local n, sum = 0, 0
for k, v in pairs(t) do
  n = n + 1
  if type(v) == "number" then sum = sum + v end
  t[k] = nil
end
print(n, sum, next(t), keys(t) == "")

-- assigning existing fields during a traversal
local u = { x = 1, y = 2, z = 3 }
for k, v in pairs(u) do u[k] = v * 10 end
print(keys(u))

-- clear, re-add (after the traversal), clear again
local r = { p = 1, q = 2, s = 3 }
r.q = nil
print(keys(r), r.q)
r.q = 22
r.w = 4
print(keys(r))
r.p, r.s = nil, nil
print(keys(r), rawget(r, "p"))
r.p = "back"
print(keys(r))

-- next from a cleared key continues the traversal
local c = { k1 = 1, k2 = 2, k3 = 3, k4 = 4 }
local seen = 0
local k = next(c)
while k ~= nil do
  seen = seen + 1
  c[k] = nil
  k = next(c, k)
end
print(seen, next(c))

-- more string keys than a shape holds: dictionary mode, same semantics
local big = {}
for i = 1, 200 do big["f" .. i] = i end
local bn, bs = 0, 0
for k2, v in pairs(big) do
  bn, bs = bn + 1, bs + v
  if v % 2 == 0 then big[k2] = nil end
end
print(bn, bs)
bn, bs = 0, 0
for _, v in pairs(big) do bn, bs = bn + 1, bs + v end
print(bn, bs, big.f1, big.f2, big.f199)
for i = 1, 200, 2 do big["f" .. i] = nil end
print(next(big))
big.again = true
print(keys(big))

-- many distinct shapes: every table gets its own key order
local objs = {}
for i = 1, 3000 do
  local o = {}
  local m = i % 7 + 1
  for j = 1, m do o["k" .. ((i * j) % 97)] = j end
  objs[i] = o
end
local total = 0
for i = 1, #objs do
  for _, v in pairs(objs[i]) do total = total + v end
end
print(total)

-- mixed key types, a table as a key, booleans, floats
local tk = {}
local mixed = { [tk] = "tab", [true] = "yes", [false] = "no", [1.5] = "flt", [3] = "three", s = "str" }
mixed[1] = "arr1"
print(keys(mixed), mixed[tk], mixed[true], mixed[1.5])

-- invalid keys to next
print(pcall(next, { a = 1 }, "b"))
print(pcall(next, {}, "missing"))
print(select("#", next({})))
