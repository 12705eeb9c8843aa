local obj = {v = 5}
function obj.get(self) return self.v end
function obj:set(v) self.v = v end
obj:set(9); print(obj:get(), obj.get(obj))
local s = "abc"
print(s:len(), #s, ("%s!"):format(s))
local t = {f = print}
t.f("via field")
