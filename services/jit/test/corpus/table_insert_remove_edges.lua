local t = {}
table.insert(t, "a"); table.insert(t, 1, "b"); table.insert(t, 2, "c")
print(table.concat(t, ","), #t)
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove({}), #t)
print(pcall(table.insert, t, 10, "x"))
print(pcall(table.insert, t))
print(pcall(table.concat, {1, {}, 3}))
local u = {1, 2, 3}
print(table.remove(u, #u + 1), #u)
