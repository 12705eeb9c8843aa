local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1; t.b = 2
print(rawget(t, "a"), store.a, store.b)
local ro = setmetatable({}, {__index = {x = 1}, __newindex = function(_, k) error("readonly " .. k, 2) end})
print(ro.x, pcall(function() ro.y = 5 end))
