local function mr() return 1, 2, 3 end
local a, b, c, d = mr(); print(a, b, c, d)
local x, y = mr(), 10; print(x, y)
print(mr(), mr())
print({mr()}[3], #{mr(), mr()})
local function none() end
print(none(), select('#', none()), (none()))
