print(5 & 3, 5 | 3, 5 ~ 3, ~5, 1 << 4, 256 >> 4, -1 >> 1, 1 << 63, 1 << 64, -1 << 1)
print(0xFF & 0x0F, 3.0 | 0, "3" | 0 == 3, 0x7fffffffffffffff + 1, 0xffffffffffffffff)
print(pcall(function() return 1.5 | 0 end))
print(pcall(function() return {} | 0 end))
