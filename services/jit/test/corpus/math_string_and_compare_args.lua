-- math.max and math.min compare as `<` does: any comparable values (strings, tables with __lt), a
-- single argument of any type, and the comparison's own error (no position) for a mixed pair. abs,
-- floor, ceil, fmod and modf take the float path for a numeric string, as lua_isinteger does.
print(math.max("a"), math.max(nil), math.min(true))
print(math.min("b", "a", "c"), math.max("10", "9"), math.max("abc", "abd"))
print(pcall(math.max, 1, "2"))
print(pcall(math.min, "2", 1))
print(pcall(math.max, 1, nil))
print(pcall(math.min, nil, 2.0))
print(pcall(math.min, {}, {}))
print(pcall(math.max))
print(pcall(function() return math.min() end))
local mt = { __lt = function(a, b) return a.v < b.v end }
local x, y, z = setmetatable({ v = 1 }, mt), setmetatable({ v = 3 }, mt), setmetatable({ v = 2 }, mt)
print(math.max(x, y, z).v, math.min(y, z, x).v, math.max(z).v)
print(math.max(1, 2.0), math.max(2.0, 2), math.max(2, 2.0), math.min(2, 2.0), math.min(2.0, 2))
print(math.min(0.0, -0.0), math.min(-0.0, 0.0), math.max(0.0, -0.0), math.max(-0.0, 0.0))
print(math.max(1, 0 / 0), math.min(0 / 0, 1), math.max(math.mininteger, -2 ^ 63), math.max(-2 ^ 63, math.mininteger))
print(math.max(math.maxinteger, 2 ^ 63), math.min(math.maxinteger, 2 ^ 63), math.max(3, 7, -1, 7.0, 2))

print(math.abs("-3"), math.abs("-3.5"), math.abs(-3), math.abs("0x10"), math.abs(" -7 "))
print(math.floor("3"), math.floor("3.7"), math.floor("-0"), math.floor("9007199254740993"))
print(math.floor("9223372036854775807"), math.floor(9223372036854775807), math.floor("-9223372036854775808"))
print(math.ceil("-3.2"), math.ceil("4"), math.ceil("1e300"), math.ceil(" 0x7fffffffffffffff "))
print(math.fmod("7", 3), math.fmod(7, "3"), math.fmod(7, 3), math.fmod("-7", "3"), math.fmod(-7, 3))
print(math.modf("5"), math.modf(5), math.modf("-2.5"), math.modf("9007199254740993"))
print(pcall(math.fmod, 7, "0"), pcall(math.fmod, 7, 0))
print(pcall(math.abs, "x"), pcall(math.floor, {}))

-- A number with no integer value is blamed when it is the first operand, else the second is.
local big = math.maxinteger - 1
local inf, half = 1 / 0, 1.5
print(pcall(function() return big & inf end))
print(pcall(function() return inf & big end))
print(pcall(function() return half | inf end))
print(pcall(function() return 3 ~ half end))
print(pcall(function() return big << half end))
print(pcall(function() return 2 ^ 63 >> 1 end))
print(pcall(function() return ~half end))
print(pcall(function() return math.mininteger & 2 ^ 63 end))

-- The same in hot loops: numbers, then a string meeting a number, then strings.
local vals = {}
for i = 1, 100 do vals[i] = i * 1.5 end
vals[60] = "7"
local s = 0
for i = 1, 100 do
  local ok, e = pcall(function() return math.max(i, vals[i]) end)
  if not ok then print(i, e) else s = s + e end
end
print(s)
local t = 0
for i = 1, 100 do
  t = t + math.max(i, vals[i] == "7" and 3 or vals[i]) + math.min("a", "b"):len() + math.floor(tostring(i))
end
print(t, math.type(t))
