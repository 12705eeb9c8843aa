local fmts = {"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "% 05d", "%-05d|", "%x", "%X", "%08x", "%-8X|", "%o", "%5o", "%05o", "%i", "%+5i", "%3d", "%1d", "%-+6d|", "%- 6d|", "%0-6d|", "%99d", "%099d", "%05d:%x", "<%s>", "%5s|", "%-5s|", "", "%%", "a%%b%d"}
local vals = {0, 1, -1, 42, -42, 255, 65535, -65536, 123456789, -987654321, math.maxinteger, math.mininteger, 2^53 // 1, 7}
for _, f in ipairs(fmts) do
  local n = 0
  for i = 1, 3 do
    for _, v in ipairs(vals) do n = n + #string.format(f, v, v) end
  end
  print(f, n)
end
local out = {}
for i = -100, 100 do out[#out + 1] = string.format("%05d:%x|%3s|%-4s|%5s", i * 7, i * 31, "ab", i, i / 2) end
print(table.concat(out, " "))
for i = 1, 100 do local s = string.format("%s", "x") end
local ok, e = pcall(function() for i = 1, 100 do local s = string.format("%d %d", i) end end)
print(ok, e)
ok, e = pcall(function() for i = 1, 100 do local s = string.format("%d", i < 90 and i or 1.5) end end)
print(ok, e)
getmetatable("").__tostring = nil
-- negative integers in hex and octal (64-bit two's complement), in a traced loop
local hx = {}
for i = -60, 60 do hx[#hx + 1] = string.format("%x|%X|%o|%08x|%-6o|", i * 1000003, i, i, i, i) end
print(table.concat(hx))
local big = {}
for i = 1, 80 do big[#big + 1] = string.format("%d %x", math.mininteger + i, math.maxinteger - i) end
print(big[1], big[80])
