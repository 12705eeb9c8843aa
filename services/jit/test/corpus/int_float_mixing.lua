-- integer/float subtypes through arithmetic and the standard library
local exprs = {
  {"1 + 1", 1 + 1}, {"1 + 1.0", 1 + 1.0}, {"2 * 3", 2 * 3}, {"6 / 2", 6 / 2},
  {"7 // 2", 7 // 2}, {"7.0 // 2", 7.0 // 2}, {"7 % 2", 7 % 2}, {"7 % 2.0", 7 % 2.0},
  {"2 ^ 2", 2 ^ 2}, {"-0", -0}, {"-0.0", -0.0}, {"3 | 0", 3 | 0}, {"1e2", 1e2},
  {"0x10", 0x10}, {"0x10p0", 0x10p0}, {"0xA.8", 0xA.8}, {"100000000000000", 100000000000000},
  {"9007199254740993", 9007199254740993}, {"2^53 + 1", 2^53 + 1},
  {"math.abs(-3)", math.abs(-3)}, {"math.abs(-3.0)", math.abs(-3.0)},
  {"math.max(1, 2.0)", math.max(1, 2.0)}, {"math.max(2, 1.0)", math.max(2, 1.0)},
  {"math.min(1, 1.0)", math.min(1, 1.0)}, {"math.floor(3.7)", math.floor(3.7)},
  {"math.ceil(3.2)", math.ceil(3.2)}, {"math.floor(-0.0)", math.floor(-0.0)},
  {"math.floor(1e100)", math.floor(1e100)}, {"math.sqrt(16)", math.sqrt(16)},
  {"math.tointeger(5.0)", math.tointeger(5.0)}, {"#'abc'", #"abc"},
  {"'10' + 0", "10" + 0}, {"'10.0' + 0", "10.0" + 0}, {"'0x10' * 1", "0x10" * 1},
  {"9007199254740993 + 0.0", 9007199254740993 + 0.0},
  {"math.maxinteger + 0.0", math.maxinteger + 0.0}, {"1e15 // 1", 1e15 // 1},
}
for _, e in ipairs(exprs) do
  print(e[1], e[2], math.type(e[2]))
end
-- huge integer literals become floats
print(9223372036854775807, 9223372036854775808, -9223372036854775808, 18446744073709551616)
print(0xffffffffffffffff, 0x7fffffffffffffff, 0x10000000000000000)
-- integer-valued floats compare equal to integers and index the same slot
local t = {}
t[1] = "int"; t[2.0] = "float"
print(t[1.0], t[2], next({[3.0] = true}), math.type(next({[3.0] = true})))
-- string.format %d accepts floats with exact integer values only
print(string.format("%d %d", 3.0, -0.0), pcall(string.format, "%d", 2^63))
