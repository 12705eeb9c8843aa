local base = {greet = function(self) return "hi " .. self.name end}
local obj = setmetatable({name = "lua"}, {__index = base})
print(obj:greet(), obj.missing, rawget(obj, "greet"))
local dflt = setmetatable({}, {__index = function(t, k) return k * 2 end})
print(dflt[21], dflt[5])
local log = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end})
proxy.a = 1; proxy.b = 2; proxy.a = 3
print(table.concat(log, ","), proxy.a)
print(getmetatable(obj).__index == base, getmetatable("x").__index == string)
