-- Results that must fit on the stack (lua_checkstack): table.unpack over huge or bigint ranges, string.byte
-- of a long slice; both fail with lua5.4's message, inside pcall, instead of overflowing after it.
print(select("#", table.unpack({}, 1, 999000)))
print(pcall(table.unpack, {}, 1, 999999))
print(pcall(table.unpack, {}, 1, 1000001))
print(pcall(string.rep, "x", -1))
local ok, e = pcall(function() return select("#", table.unpack({}, 1, 5000000)) end) print(ok, e)
print(pcall(string.byte, string.rep("x", 2000000), 1, -1))
print(select("#", string.byte(string.rep("x", 900000), 1, -1)))
print(pcall(table.unpack, { 1, 2, 3 }, 2^53, math.maxinteger))
print(pcall(table.unpack, { 1, 2, 3 }, math.mininteger, 2))
print(select("#", table.unpack({ 1, 2, 3 }, 2^53, 2^53 + 2)))
local w = { [2^60] = "a", [2^60 + 1] = "b" }
print(table.unpack(w, 2^60, 2^60 + 2))
print(table.unpack({1, 2, 3}, -1, 1))
