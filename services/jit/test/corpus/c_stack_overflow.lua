-- lua5.4 allows 200 nested calls across the C boundary (metamethods, pcall, tostring, sort callbacks):
-- the 200th raises "C stack overflow", with the calling line when a metamethod is called from Lua.
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
print(pcall(function() return t.x end))
local depth = 0
local mt = {}
mt.__index = function(t, k) depth = depth + 1; return setmetatable({}, mt)[k] end
print(pcall(function() return setmetatable({}, mt).y end), depth)
local function f(n) return tostring(setmetatable({}, {__tostring = function() return f(n + 1) end})) end
print(pcall(f, 1))
local c = 0
local function g() c = c + 1; return pcall(g) end
print(g(), c)
local d = 0
local function s(a, b) d = d + 1; table.sort({3, 2, 1}, s); return a < b end
print(pcall(table.sort, {3,2,1}, s), d)
