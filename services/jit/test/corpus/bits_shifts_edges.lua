-- shifts by 64 or more give 0, negative shifts reverse direction
local vals = {1, -1, 0xff, math.mininteger, math.maxinteger}
local shifts = {0, 1, 63, 64, 65, -1, -63, -64, 100, -100}
for _, v in ipairs(vals) do
  local l, r = {}, {}
  for _, s in ipairs(shifts) do
    l[#l + 1] = string.format("%x", v << s)
    r[#r + 1] = string.format("%x", v >> s)
  end
  print(v, table.concat(l, " "))
  print(v, table.concat(r, " "))
end
-- bitwise ops on floats with integral values and on strings
print(3.0 & 5, "6" | 1, 2^62 | 0, ~0, ~5.0, 5 ~ 3, "0x10" ~ 1)
print(math.mininteger >> 63, math.mininteger // 2^62, -1 >> 1)
print(pcall(function() return 1 << 1.5 end))
print(pcall(function() return "1.5" << 1 end))
print(pcall(function() return 1 << "a" end))
