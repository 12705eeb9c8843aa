local t = {5, 3, 1.5, -2, 7, 3, 1e300, -1e300, 0.25}
table.sort(t) print(table.concat(t, " "))
local s = {"b", "a", "\xff", "ab", "", "a\0b", "a"}
table.sort(s) for _, x in ipairs(s) do io.write(string.format("%q ", x)) end print()
local m = {3, "a"} print(pcall(table.sort, m))
local f = {2.0, 1, 3} table.sort(f) print(f[1], f[2], f[3])
local big = {} for i = 1, 200 do big[i] = (i * 7919) % 211 - 100 end table.sort(big) print(big[1], big[100], big[200])
local n = {3, 0/0, 1} print(pcall(table.sort, n))
local x = {3, 2^40, -2^40, 1} table.sort(x) print(x[1], x[2], x[3], x[4])
local y = {math.maxinteger, 1, math.mininteger} table.sort(y) print(y[1], y[2], y[3])
local t = {"a", "b", "c", 1, 2.5, "d"}
print(table.concat(t), table.concat(t, ","), table.concat(t, "-", 2, 3), table.concat(t, "", 5), table.concat(t, "x", 4, 3), table.concat({}, ","))
print(table.concat({"p", "q"}, ", ", 1, 2), table.concat({"p", "q"}, ", ", 2))
print(pcall(table.concat, {"a", {}, "b"}, ","))
print(pcall(table.concat, {"a", "b"}, ",", 1, 3))
print(pcall(table.concat, {"a", "b"}, ",", 0, 2))
local h = {"a", "b"} h[4] = "d" print(pcall(table.concat, h, ",", 1, 4))
