for _, v in ipairs({0.0, 1.0, -1.5, 123.456, 1e-10, 1e10, 1/3, 2^53, 5e-324, 1.7976931348623157e308}) do
  print(string.format("%.3f|%e|%g|%.10g|%a", v, v, v, v, v))
end
print(string.format("%10.2e|%-12.4g|%+.1f|% .2f", 123456.789, 0.000123456, 2.25, 3.14159))
print(string.format("%.14g", 0.1), string.format("%.17g", 0.1), string.format("%.20f", 0.1))
print(string.format("%#.3g|%#x|%#o", 1.0, 0, 8))
