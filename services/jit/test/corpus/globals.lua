x = 10
print(x, _G.x, _G["x"])
_G.y = 20
print(y)
local function setg() z = 30 end
setg(); print(z)
print(type(_G), _G._G == _G, _VERSION)
x = nil; print(x)
