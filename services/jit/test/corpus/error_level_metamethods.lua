-- error(msg, 2) inside metamethods blames the line that triggered the metamethod
local function strict(name)
  return setmetatable({}, {
    __index = function(_, k) error(name .. ": no field " .. tostring(k), 2) end,
    __newindex = function(_, k) error(name .. ": cannot set " .. tostring(k), 2) end,
  })
end
local s = strict("S")
print(pcall(function() return s.missing end))
print(pcall(function()
  local x = 1
  s.field = x
end))
local V = {}
V.__add = function(a, b) error("bad add", 2) end
V.__lt = function() error("bad lt", 2) end
V.__le = function() error("bad le", 2) end
V.__concat = function() error("bad concat", 2) end
V.__len = function() error("bad len", 2) end
V.__unm = function() error("bad unm", 2) end
V.__eq = function() error("bad eq", 2) end
V.__call = function() error("bad call", 2) end
local v, w = setmetatable({}, V), setmetatable({}, V)
print(pcall(function() return v + 1 end))
print(pcall(function() return 1 + v end))
print(pcall(function() return v < w end))
print(pcall(function() return v <= w end))
print(pcall(function() return v .. "x" end))
print(pcall(function() return #v end))
print(pcall(function() return -v end))
print(pcall(function() return v == w end))
print(pcall(function() return v() end))
-- level 1 inside a metamethod blames the metamethod itself
local L1 = setmetatable({}, {__index = function() error("level one") end})
print(pcall(function() return L1.x end))
-- level 3 goes one frame further out
local L3 = setmetatable({}, {__index = function() error("level three", 3) end})
local function getter() return L3.x end
print(pcall(function()
  return getter()
end))
-- a metamethod called from a library function: level 2 is that (C) function: no position
local cmpmeta = {__lt = function() error("cmp", 2) end}
print(pcall(table.sort, {setmetatable({}, cmpmeta), setmetatable({}, cmpmeta)}))
-- nested: a metamethod that triggers another metamethod
local inner = setmetatable({}, {__index = function() error("inner", 2) end})
local outer = setmetatable({}, {__index = function() return inner.y end})
print(pcall(function() return outer.z end))
-- runtime errors inside metamethods keep their own position
local R = setmetatable({}, {__index = function(t, k) return k + nil end})
print(pcall(function() return R.key end))
-- error(msg, 2) in a function called through pcall: level 2 is pcall itself
print(pcall(error, "direct", 2))
print(pcall(function() error("via pcall", 2) end))
