local x = 1
do local x = 2; print(x) end
print(x)
local function shadow(x) local x = x + 1; return x end
print(shadow(5))
local a, b, c = 1, 2
print(a, b, c)
local d <const> = 10
print(d * 2)
local p, q = 1, 2; p, q = q, p; print(p, q)
local t = {1, 2}; local i = 1; i, t[i] = i + 1, 20; print(i, t[1], t[2])
