-- Values a traced loop treats as invariant (a global, an upvalue, a table field) change through a
-- side effect inside the loop.
local G = _G
step = 1
local s = 0
for i = 1, 200 do
  s = s + step
  if i == 100 then G.step = 10 end
end
print(s)
local k = 2
local function bump() k = k + 1 end
local acc = 0
for i = 1, 100 do
  acc = acc + k
  if i % 25 == 0 then bump() end
end
print(acc, k)
local cfg = { scale = 3 }
local total = 0
for i = 1, 150 do
  total = total + cfg.scale * i
  if i == 75 then cfg.scale = 0.5 end
end
print(total)
local f = function(x) return x + 1 end
local r = 0
for i = 1, 120 do
  r = f(r)
  if i == 60 then f = function(x) return x * 2 % 1000003 end end
end
print(r)
