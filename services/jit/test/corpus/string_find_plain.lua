local s = "the quick brown fox jumps over the lazy dog"
print(s:find("the"), s:find("the", 2), s:find("dog", -3), s:find("cat"), s:find("", 5), s:find("", 100))
print(s:find("o", 1, true), s:find("fox", 17, true), ("a.b"):find(".", 1, true))
local count, pos = 0, 1
while true do local i = s:find("o", pos, true); if not i then break end count = count + 1; pos = i + 1 end
print(count)
