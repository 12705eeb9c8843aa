local A = {a = "A"}
local B = setmetatable({b = "B"}, {__index = A})
local C = setmetatable({c = "C"}, {__index = B})
local obj = setmetatable({}, {__index = C})
print(obj.a, obj.b, obj.c, obj.d)
local calls = 0
local lazy = setmetatable({}, {__index = function(t, k) calls = calls + 1; return nil end})
print(lazy.x, lazy.y, calls)
