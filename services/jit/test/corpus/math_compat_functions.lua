-- The math functions Debian's lua5.4 keeps from Lua 5.3 (LUA_COMPAT_MATHLIB): pow, atan2, log10, cosh,
-- sinh, tanh, frexp, ldexp, with their limits (subnormals, overflow, the exponent cast to a C int).
print(math.pow(2, 10), math.pow(2, 0.5), math.pow(-8, 1/3), math.pow(0, -1), math.pow(1, 0/0), math.pow(-1, 1/0))
print(math.atan2(1, 1), math.atan2(1), math.atan2(-1, -1), math.atan2(0, -1))
print(math.log10(1000), math.log10(0), math.log10(-1), math.log10(2))
print(math.cosh(0), math.sinh(0), math.tanh(0), math.cosh(1), math.sinh(-1), math.tanh(100), math.cosh(1000))
for _, x in ipairs({8, 0, -3, 1/0, -1/0, 0.1, 1e-310, 5e-324, 1.7976931348623157e308, -0.0, 3}) do print(x, math.frexp(x)) end
print(math.frexp(0/0) ~= math.frexp(0/0))
for _, c in ipairs({{0.5, 4}, {1, 1024}, {1, 1023}, {0.5, 1025}, {1, -1074}, {1, -1075}, {1.5, -1074}, {0.75, -1073}, {3, 2^32 + 5}, {1, -2^31}, {7, 0}, {-0.0, 5}}) do print(c[1], c[2], math.ldexp(c[1], c[2])) end
print(pcall(math.ldexp, 1, 1.5))
print(pcall(math.ldexp, 1))
print(pcall(math.pow, 1))
print(pcall(math.frexp, "x"))
print(pcall(math.log10))
print(math.type(math.frexp(8)), math.type(select(2, math.frexp(8))))
local s = 0
for i = 1, 100 do s = s + math.pow(i, 2) + math.log10(i) + select(2, math.frexp(i)) + math.ldexp(i, -3) end
print(s)
print(math.atan2 == math.atan, math.atan2(-1, -1) == math.atan(-1, -1))
