local a = {}
local i = 1
i, a[i] = i + 1, 20
print(i, a[1], a[2])
local x, y, z = 1
print(x, y, z)
local p, q = (function() return 1, 2 end)()
print(p, q)
local m, n = 1, 2, 3
print(m, n)
