-- %.14g formatting of floats at the edges of its precision
local vals = {
  1e15, 1e16, 1e100, -1e100, 2^53, 2^63, -2^63, 2^64, 1e-5, 1e-4, 0.1, 0.1 + 0.2,
  100 / 3, -100 / 3, 1 / 3, 2 / 3, 5e-324, 2.2250738585072014e-308,
  1.7976931348623157e308, 123456789012345.0, 1234567890123456.0, 12345678901234567.0,
  99999999999999.9, 999999999999999.9, 0.000001, 0.0000001, 3.0, -3.0, -0.0, 0.0,
  1e14, 1e15 + 0.5, 2^24, 2^-10, 7.0e22, 1.5e300 * 1.5e10,
}
for i, v in ipairs(vals) do
  print(i, v, tostring(v), math.type(v))
end
-- converting floats with integral values to strings keeps ".0"
print(10 / 2, 3 * 1.0, 2^2, 7 // 1.0, math.floor(3.5), math.ceil(-3.5))
print(1e15 .. "", 1e16 .. "", -0.0 .. "", 2^63 .. "")
-- math.tointeger and float->int limits
print(math.tointeger(2^53), math.tointeger(2^63), math.tointeger(-2^63), math.tointeger(3.5))
print(math.tointeger("8"), math.tointeger(8.0), math.tointeger("x"))
print(2^63 == math.maxinteger + 1.0, -2^63 == math.mininteger, math.maxinteger + 0.0)
print(math.maxinteger // 1.0, math.mininteger + 0.0)
