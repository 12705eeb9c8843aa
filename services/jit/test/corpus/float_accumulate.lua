local s = 0.0
for i = 1, 1000 do s = s + 1 / i end
print(s, string.format("%.10f", s))
local p = 1.0
for i = 1, 20 do p = p * 1.5 end
print(p)
local x = 0.1
print(x * 3, x + x + x, 0.1 * 3 == 0.3)
