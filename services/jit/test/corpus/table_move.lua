-- table.move as ltablib's tmove: overlapping ranges copied backwards, metamethods on both sides, another
-- destination table, the argument errors and the integer limits.
local function show(t, n) local r = {} for i = 1, n or #t do r[#r + 1] = tostring(t[i]) end return table.concat(r, ",") end
local function p(...) local t = table.pack(pcall(...)) for i = 1, t.n do t[i] = type(t[i]) == "table" and "tbl" or tostring(t[i]) end print(table.concat(t, " ")) end
local a = {1, 2, 3, 4, 5}
table.move(a, 1, 3, 3) print(show(a))
a = {1, 2, 3, 4, 5}
table.move(a, 3, 5, 1) print(show(a))
a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 2) print(show(a))
a = {1, 2, 3}
local b = table.move(a, 1, 3, 2, {}) print(show(b, 4), b[1])
print(table.move({1, 2}, 1, 0, 5) ~= nil)
local log = {}
local src = setmetatable({}, {__index = function(t, k) log[#log + 1] = "get" .. k; return k * 10 end})
local dst = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = "set" .. k .. "=" .. v; rawset(t, k, v) end})
table.move(src, 1, 3, 5, dst) print(table.concat(log, " "), show(dst, 7))
log = {}
local same = setmetatable({}, {__index = function(t, k) log[#log + 1] = "g" .. k; return k end, __newindex = function(t, k, v) log[#log + 1] = "s" .. k; rawset(t, k, v) end})
table.move(same, 1, 3, 2) print(table.concat(log, " "))
p(table.move, {}, 1, 2)
p(table.move, {}, "a", 2, 3)
p(table.move, {}, 1.5, 2, 3)
p(table.move, 1, 1, 2, 3)
p(table.move, {}, 1, 2, 3, 5)
p(table.move, {}, 0, math.maxinteger, 1)
p(table.move, {1, 2, 3}, 1, 3, math.maxinteger)
p(table.move, {1, 2, 3}, 1, 3, math.maxinteger - 2)
local big = {}
table.move({7, 8, 9}, 1, 3, math.maxinteger - 2, big)
print(big[math.maxinteger - 2], big[math.maxinteger - 1], big[math.maxinteger])
local neg = table.move({7, 8, 9}, 1, 3, -1, {})
print(neg[-1], neg[0], neg[1])
local mt1 = {__eq = function() return true end}
local x1, x2 = setmetatable({1, 2, 3, 4}, mt1), setmetatable({10, 20, 30, 40}, mt1)
table.move(x1, 1, 3, 2, x2) print(show(x2))
local n = 0
for i = 1, 200 do local t = {i, i + 1, i + 2} table.move(t, 1, 3, 2) n = n + t[4] + #t end
print(n)
