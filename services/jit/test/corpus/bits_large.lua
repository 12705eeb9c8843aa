print(0x7FFFFFFF << 1, 0xFFFFFFFF + 1, 1 << 32, (1 << 62) * 2, ~0, ~0 >> 32, 0x80000000 | 0)
print(math.mininteger >> 63, math.mininteger >> 1, 5 << -1, 5 >> -1, 1 << 100, -8 >> 1)
print(0x5555555555555555 ~ 0xAAAAAAAAAAAAAAAA, 0xF0F0 & 0x0FF0, 3 ~ 5, "10" + 0 | 0)
