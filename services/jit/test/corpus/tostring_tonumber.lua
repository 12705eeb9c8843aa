print(tonumber("42"), tonumber("0x1F"), tonumber("  3.5  "), tonumber("1e3"), tonumber("abc"), tonumber(""))
print(tonumber("10", 2), tonumber("ff", 16), tonumber("zz", 36), tonumber("8", 8), tonumber("7", 8), tonumber(nil))
print(tostring(nil), tostring(true), tostring(12), tostring(-0.0), tonumber("0x"), tonumber("1e"), tonumber(".5"), tonumber("5."))
print(tonumber("9223372036854775807"), tonumber("9223372036854775808"), tonumber("-9223372036854775808"))
