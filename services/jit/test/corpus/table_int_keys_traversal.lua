-- integer keys outside the array part: clearing during traversal, re-adding cleared keys,
-- migration into the array part, negative and huge keys, next from each kind of key
local t = {}
for i = 1, 200 do t[i * 10] = i end
local n = 0
for k, v in pairs(t) do
  n = n + 1
  t[k] = nil            -- clearing the current key is allowed during a traversal
end
print(n, next(t))
for i = 1, 200 do t[i * 10] = i end
for i = 1, 200, 2 do t[i * 10] = nil end
for i = 1, 200, 2 do t[i * 10] = -i end    -- revives dead keys
local s = 0 for k, v in pairs(t) do s = s + v end print(s)
-- fill the gap so the keys migrate into the array part
local m = {}
for i = 3, 100 do m[i] = i end
m[1] = 1
m[2] = 2 print(#m, m[100])
local cnt = 0 for k, v in pairs(m) do cnt = cnt + 1 end print(cnt)
-- shrink the array part, then keys past it live in the node hash again
for i = 100, 51, -1 do m[i] = nil end
print(#m)
m[60] = 60 m[52] = 52 m[51] = 51
print(#m, m[52], m[60])
-- next from the array part into the node hash and the Map
local mix = {1, 2, 3, [10] = 10, [-5] = -5, x = "x", [2.5] = 2.5, [true] = "t"}
local ks = {}
local k, v = next(mix)
while k ~= nil do ks[#ks + 1] = type(k) k, v = next(mix, k) end
table.sort(ks) print(table.concat(ks, " "))
-- a queue with moving integer keys (dead keys pile up, rehash drops them)
local q, head, tail = {}, 1000, 999
for i = 1, 50000 do
  tail = tail + 1 q[tail] = i
  if i % 3 ~= 0 then q[head] = nil head = head + 1 end
end
local qs, qn = 0, 0 for k, v in pairs(q) do qs = qs + v qn = qn + 1 end
print(qn, qs, tail - head + 1)
-- float keys with integral values are integer keys
local f = {}
f[1e15] = "a" f[2^40] = "b" f[-3.0] = "c"
print(f[1000000000000000], f[1099511627776], f[-3])
-- integer keys in a traced loop whose table changes under it
local tr = {}
for i = 1, 300 do
  tr[i * 2] = i
  if i == 150 then tr = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v + 1) end}) end
end
local ts = 0 for k, v in pairs(tr) do ts = ts + v end print(ts)
