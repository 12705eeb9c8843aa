for _, a in ipairs({7, -7, 0}) do for _, b in ipairs({3, -3}) do io.write(a // b, " ", a % b, " ") end end print()
for _, a in ipairs({7.5, -7.5}) do for _, b in ipairs({2, -2}) do io.write(a // b, " ", a % b, " ") end end print()
print(1 // 0.0, -1 // 0.0, 0.0 / 0.0 ~= 0.0 / 0.0, 5 % math.huge, -5 % math.huge, 5.0 % -math.huge)
print(3 % -0.0 ~= 3 % -0.0)
