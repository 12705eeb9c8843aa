-- __eq is only tried when both operands are tables (or both userdata) and not primitively equal
local calls = 0
local E = {__eq = function(a, b) calls = calls + 1; return a.id == b.id end}
local x = setmetatable({id = 1}, E)
local y = setmetatable({id = 1}, E)
local z = setmetatable({id = 2}, E)
print(x == y, x ~= y, x == z, x ~= z, calls)
print(x == x, calls) -- same object: no call
print(x == 1, 1 == x, x == "1", x == nil, calls) -- different types: no call
-- only one operand needs the metamethod
local plain = {id = 1}
print(x == plain, plain == x, calls)
-- the result is converted to a boolean
local T = {__eq = function() return "yes" end}
local F = {__eq = function() return nil end}
local t1, t2 = setmetatable({}, T), setmetatable({}, T)
local f1, f2 = setmetatable({}, F), setmetatable({}, F)
print(t1 == t2, f1 == f2, t1 ~= t2, f1 ~= f2)
-- rawequal ignores __eq
print(rawequal(x, y), rawequal(x, x))
-- __eq is not used for table keys
local set = {}
set[x] = "x"
print(set[y], set[x])
-- the metamethod of the first operand wins
local A = {__eq = function() return "A" end}
local B = {__eq = function() return false end}
local a, b = setmetatable({}, A), setmetatable({}, B)
print(a == b, b == a)
-- strings and numbers compare by value without metamethods
print("10" == 10, 10 == 10.0, "a" .. "b" == "ab", math.huge == 1/0)
-- functions compare by identity
local function g() end
print(g == g, function() end == function() end)
