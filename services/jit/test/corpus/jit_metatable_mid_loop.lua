-- A table used by a traced loop gets a metatable between two runs of the loop (and during one):
-- __index, __newindex and __add must then be honoured.
local t = { 1, 2, 3 }
local sum = 0
for round = 1, 4 do
  if round == 3 then
    setmetatable(t, { __index = function(_, k) return k * 100 end })
  end
  for i = 1, 6 do sum = sum + (t[i] or 0) end
end
print(sum)
local log = {}
local u = {}
for i = 1, 60 do
  u[i] = i
  if i == 30 then
    setmetatable(u, { __newindex = function(tt, k, v) log[#log + 1] = k; rawset(tt, k, v * 2) end })
  end
end
print(#log, log[1], log[#log], u[31], u[60])
local V = {}
V.__add = function(a, b) return setmetatable({ x = a.x + b.x }, V) end
local acc = { x = 0 }
local vals = {}
for i = 1, 50 do vals[i] = { x = i } end
local plain = 0
for i = 1, 50 do plain = plain + vals[i].x end
setmetatable(acc, V)
for i = 1, 50 do setmetatable(vals[i], V); acc = acc + vals[i] end
print(plain, acc.x)
