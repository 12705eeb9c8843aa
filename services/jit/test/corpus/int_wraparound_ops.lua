local M, m = math.maxinteger, math.mininteger
print(M + 1, m - 1, M * M, m * m, m * -1, -m, M // 1, m // 1, m // -1, m % -1, M % 2, m % 2)
print(M - m, m - M, (M + 1) // 2, 3 * (1 << 62), 0x7fffffffffffffff * 3)
