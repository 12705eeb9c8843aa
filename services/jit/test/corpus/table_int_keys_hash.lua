local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
for round = 1, 4 do
  local t, shadow, live = {}, {}, 0
  local range = ({50, 1000, 100000, 7})[round]
  for step = 1, 20000 do
    local k = rnd(range) - (round == 2 and 500 or 0)
    if rnd(3) == 0 then t[k] = nil else t[k] = step end
    if rnd(97) == 0 then t[k * 4294967296 + 3] = step end
  end
  local n, s = 0, 0
  for k, v in pairs(t) do n = n + 1 s = s + v + (k % 1000) end
  local g = 0
  for k = -600, range + 10 do if t[k] then g = g + t[k] end end
  print(round, n, s, g)
end
-- clearing during traversal, continuing from cleared int keys
local c = {}
for i = 1, 5000 do c[i * 3] = i end
local cleared = 0
for k, v in pairs(c) do if v % 2 == 0 then c[k] = nil cleared = cleared + 1 end end
local rest = 0 for k, v in pairs(c) do rest = rest + 1 end
print(cleared, rest)
-- keys that migrate into the array part
local m = {}
for i = 10, 2, -1 do m[i] = i end
m[1] = 1
print(#m, m[10])
local f = {}
f[2.0] = "two"; f[3] = "three"; f[1] = "one"
print(#f, f[2], f[3.0], next({}, nil))
print(pcall(next, c, 1))
print(pcall(next, c, 2.5))
local big = {}
big[math.maxinteger] = 1; big[math.mininteger] = 2; big[-1] = 3; big[0] = 4; big[2^53] = 5; big[-(2^53)] = 6
local bs = 0 for k, v in pairs(big) do bs = bs + v end
print(bs, big[math.maxinteger], big[math.mininteger], big[-1], big[0], big[2^53], big[-(2^53)])
local nan = {}
nan[5] = 0/0; nan[7] = -(0/0)
print(nan[5], nan[7])
local q = {}
for i = 1, 100000 do q[i + 1000000] = i q[i + 999990] = nil end
local qn = 0 for _ in pairs(q) do qn = qn + 1 end print(qn)
