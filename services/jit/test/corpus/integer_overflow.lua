local x = math.maxinteger
print(x + 1, x * 2, -x - 2, x // -1, math.mininteger * -1, math.mininteger // 1)
local h = 0
for i = 1, 100 do h = h * 31 + i end
print(h)
local f = 1
for i = 1, 25 do f = f * i end
print(f)
print(9007199254740993, 9007199254740993 + 1, 2^53 + 1 == 9007199254740993)
