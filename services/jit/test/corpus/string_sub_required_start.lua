-- string.sub's start is required (luaL_checkinteger), its end is optional: a nil start is an error.
print(pcall(string.sub, "hello"))
print(pcall(string.sub, "hello", nil, 2))
print(pcall(function() return ("hello"):sub() end))
print(string.sub("hello", 2), ("hello"):sub(-3), ("hello"):sub(2, nil))
local t = {}
for i = 1, 100 do t[#t + 1] = ("abcdef"):sub(i % 7) end
print(table.concat(t, ","):sub(1, 40))
local ok, e = pcall(function() local n; for i = 1, 100 do if i == 90 then n = nil else n = i % 5 end; local x = ("abc"):sub(n) end end)
print(ok, e)
