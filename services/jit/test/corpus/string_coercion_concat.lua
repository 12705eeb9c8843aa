print(1 .. "", 1.0 .. "", -0.0 .. "", 1e100 .. "", 2^63 .. "", math.mininteger .. "")
print(10 == "10", "10" + 0 == 10, #(123 .. 456))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = i .. "" end
print(table.concat(parts))
