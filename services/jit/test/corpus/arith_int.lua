print(1 + 2, 10 - 3, 6 * 7, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 2^10, 10 / 2)
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger * 2, math.mininteger // -1, math.mininteger % -1, 5 // 0.0, -5 // 0.0, 0/0 ~= 0/0)
