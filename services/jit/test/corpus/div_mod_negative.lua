-- floor division and modulo follow the sign of the divisor
local pairs_ = {
  {7, 3}, {-7, 3}, {7, -3}, {-7, -3}, {6, 3}, {-6, 3}, {0, -3}, {1, -1},
  {7.5, 2}, {-7.5, 2}, {7.5, -2}, {-7.5, -2}, {7, 0.5}, {-0.5, 1},
}
for _, p in ipairs(pairs_) do
  local a, b = p[1], p[2]
  print(a, b, a // b, a % b, math.fmod(a, b), a / b)
end
-- the extreme case mininteger // -1 wraps, mininteger % -1 is 0
print(math.mininteger // -1, math.mininteger % -1, math.mininteger * -1)
print(math.maxinteger // -1, math.maxinteger % -1, math.maxinteger % math.mininteger)
print(math.mininteger % math.maxinteger, math.mininteger // math.maxinteger)
print(math.fmod(math.mininteger, -1), math.fmod(-7, 3), math.fmod(7, -3))
print(math.fmod(-7.0, 3), math.fmod(7, -3.0), math.type(math.fmod(7, 3)))
-- negative zero results
print(-0.0 % 1, 0.0 % -1, -3 % 3.0, 3 % -3.0)
print(string.format("%g %g", -3 % 3.0, 3 % -3.0))
-- large operands
print(2^60 // 7, (2^60) % 7, (1 << 60) // 7, (1 << 60) % 7)
print(-(1 << 62) // 3, -(1 << 62) % 3)
print(1e308 % 3, -1e308 // 1e307)
