local s = "a" .. 1 .. "b" .. 2.5 .. "c" .. -3 .. "d" .. 2^3 .. "e"
print(s)
local parts = {}
for i = 1, 100 do parts[i] = i end
print(#table.concat(parts), table.concat(parts, "", 95))
