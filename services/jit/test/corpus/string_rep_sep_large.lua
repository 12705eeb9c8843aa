local s = ("ab"):rep(1000, "-")
print(#s, s:sub(1, 10), s:sub(-5))
local parts = {}
for w = 1, 26 do parts[w] = string.char(96 + w):rep(w) end
print(#table.concat(parts), table.concat(parts, "", 24, 26))
