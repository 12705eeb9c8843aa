-- Integer keys outside the array part: strides of powers of two (which a masked hash would pile into
-- a few chains), negative and huge keys, removal, reinsertion and traversal with pairs and next.
local function check(name, t, keys)
  local sum, n = 0, 0
  for k, v in pairs(t) do
    assert(t[k] == v, name .. ": pairs gave a key whose value differs")
    sum = sum + k % 1000003 + v
    n = n + 1
  end
  print(name, n, sum, keys)
end

local strides = { 2, 8, 1024, 65536, 1 << 20, 1 << 40, 3, 7919 }
for _, s in ipairs(strides) do
  local t = {}
  for i = 1, 3000 do t[i * s] = i end
  local hits = 0
  for i = 1, 3000 do if t[i * s] == i then hits = hits + 1 end end
  if t[s + 1] ~= nil and s > 1 then print("unexpected key", s + 1) end
  check("stride " .. s, t, hits)
end

-- Negative, zero and keys past the safe range of a double's integers.
local t = {}
for i = -2000, 0 do t[i * 16] = -i end
t[math.maxinteger] = 1; t[math.mininteger] = 2; t[math.maxinteger - 1] = 3
print(t[math.maxinteger], t[math.mininteger], t[math.maxinteger - 1], t[-32000], t[0])
check("negative", t, #t)

-- Removal leaves dead keys that next can still go on from; reinsertion reuses nodes.
local r = {}
for i = 1, 5000 do r[i * 4096] = i end
local removed = 0
for k in pairs(r) do
  if k % (3 * 4096) == 0 then r[k] = nil; removed = removed + 1 end
end
check("removed", r, removed)
for i = 1, 5000, 3 do r[i * 4096 + 1] = i end
check("reinserted", r, 0)
local count, k = 0, next(r)
while k ~= nil do count = count + 1; k = next(r, k) end
print("next walk", count)

-- Keys that later join the array part as the border grows into them.
local a = {}
for i = 10, 1, -1 do a[i * 2] = i end
for i = 1, 20, 2 do a[i] = i end
print(#a, a[20], a[19])
check("merged", a, #a)
