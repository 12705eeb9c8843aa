local a, b, n = 10, 0, 0
while a > 0 and (b < 5 or a % 2 == 0) and not (a == 3) do a = a - 1; b = b + 1; n = n + 1 end
print(a, b, n)
local t = {1, 2, 3, nil, 5}
local i = 1
while t[i] do i = i + 1 end
print(i)
