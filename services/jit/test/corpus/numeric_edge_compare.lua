print(math.maxinteger + 0.0 == math.maxinteger, math.maxinteger + 0.0 == 2^63, 2^63 > math.maxinteger)
print(math.mininteger == -2^63, math.mininteger < -2^63 + 1, 1 < 1.5, 2 > 1.5, -0.0 == 0)
print(9007199254740993 < 9007199254740992.0, 9007199254740993 > 9007199254740992.0)
print(1/0 > math.maxinteger, -1/0 < math.mininteger, 0/0 < 1, 0/0 > 1, 0/0 == 0/0)
