local callable = setmetatable({}, {__call = function(self, a, b) return a + b, self end})
local r, s = callable(3, 4)
print(r, s == callable)
local mul = setmetatable({f = 10}, {__call = function(self, x) return self.f * x end})
print(mul(5), pcall(mul, 2))
local t = {}
for i = 1, 3 do t[i] = mul(i) end
print(table.concat(t, ","))
