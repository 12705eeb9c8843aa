local parts = {}
for i = 1, 20 do parts[#parts + 1] = string.format("%02d", i) end
print(table.concat(parts, "-"))
local s = ""
for i = 1, 10 do s = s .. string.char(64 + i) end
print(s, #s)
