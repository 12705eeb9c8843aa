local s = ""
for i = 0, 255, 15 do s = s .. string.char(i) end
print(#s, s:byte(1), s:byte(-1), select('#', s:byte(1, -1)))
local t = {s:byte(1, -1)}
print(string.char(table.unpack(t)) == s)
print(("abc"):byte(10), ("abc"):sub(2, 1) == "", pcall(string.char, 256))
