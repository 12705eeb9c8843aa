local m = {}
for i = 1, 3 do m[i] = {} for j = 1, 3 do m[i][j] = i * j end end
for i = 1, 3 do print(table.concat(m[i], " ")) end
local deep = {a = {b = {c = {d = "deep"}}}}
print(deep.a.b.c.d, deep["a"]["b"].c["d"])
