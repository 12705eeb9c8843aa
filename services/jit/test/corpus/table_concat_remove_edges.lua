-- table.concat with an empty range, indices beyond 2^53 and missing values; table.remove's position errors
-- (lua5.4.4 names argument #1 for them).
print(table.concat({ nil, "%d", 3 }, " 0x1F ", nil, -1), table.concat({1, 2, 3}, ",", 3, 2), table.concat({1, 2, 3}, ",", 2, 3))
print(pcall(table.concat, { 1, 2, 3 }, ",", math.maxinteger, math.maxinteger))
print(pcall(table.concat, { 1, 2, 3, 4 }, ",", math.mininteger))
print(pcall(table.concat, { 1, 2, 3, 4 }, ",", 2^53, 2^53 + 2))
print(pcall(table.concat, { 1, 2, 3, 4 }, ",", 3, math.maxinteger))
print(pcall(table.concat, { 1, 2, 3, 4 }, ",", -2, 2))
print(pcall(table.remove, { 1, 2, 3 }, 7))
print(pcall(table.remove, {}, -1))
print(table.remove({}, 0), table.remove({}), table.remove({1, 2}, 3), table.remove({1,2,3}, 1))
local w = { [2^53] = "a", [2^53 + 1] = "b", [math.maxinteger] = "z" }
print(table.concat(w, "-", 2^53, 2^53 + 1), table.concat(w, "", math.maxinteger, math.maxinteger))
print(pcall(table.concat, w, "-", 2^53, 2^53 + 2))
