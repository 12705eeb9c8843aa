math.randomseed(42)
print(math.random(1, 100), math.random(1, 100), math.random(10))
local r = math.random(); print(r >= 0 and r < 1)
math.randomseed(7)
local t = {}
for i = 1, 10 do t[i] = math.random(6) end
print(table.concat(t, " "))
print(math.random(5, 5), pcall(math.random, 2, 1))
