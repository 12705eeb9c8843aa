local t = {3, 1, 2}
t[1], t[2] = t[2], t[1]
print(t[1], t[2], t[3])
local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
