local best, bestn = 0, 0
for n = 1, 10000 do local c, x = 0, n while x ~= 1 do if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end c = c + 1 end if c > best then best, bestn = c, n end end
print(bestn, best)
