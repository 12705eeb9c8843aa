-- string.sub with every kind of index
local s = "hello world"
local idx = {{1, 5}, {-5, -1}, {7}, {0}, {-100, 3}, {5, 100}, {4, 2}, {-3, 100}, {12, 12}, {0, 0}}
for _, p in ipairs(idx) do
  print(p[1], p[2], "[" .. s:sub(p[1], p[2]) .. "]")
end
-- rep with separators and edge counts
print(("ab"):rep(3, "-"), ("ab"):rep(0), ("ab"):rep(-1), ("x"):rep(1, "sep"), (""):rep(5))
-- byte and char
print(s:byte(), s:byte(-1), s:byte(1, 3), s:byte(100), s:byte(0))
print(select('#', s:byte(3, 2)), string.char(), string.char(72, 105))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
-- upper/lower leave non-letters alone
print(("MiXeD 123 !?"):upper(), ("MiXeD 123 !?"):lower())
-- reverse, len
print(("abc"):reverse(), (""):reverse(), ("a\0b"):reverse() == "b\0a", ("a\0b"):len())
-- plain find with init
print(s:find("o", 1, true), s:find("o", 6, true), s:find("o", -3, true), s:find("xyz", 1, true))
print(s:find("", 1, true), s:find("", 20, true), s:find("", 12, true), s:find("world", -5, true))
print(("a.b.c"):find(".", 1, true), ("a+b"):find("+", 1, true))
-- string comparison and concatenation of numbers
print("abc" < "abd", "abc" < "abcd", "B" < "a", 1 .. "", 1.0 .. "", -0.0 .. "|")
print(("%d items"):format(3), ("x"):rep(3):upper():len())
-- string methods on numbers need parentheses and a string; numbers have no methods
print(pcall(function() local n = 5; return n:rep(2) end))
print(("5"):rep(2), #tostring(12345))
-- tostring/tonumber round trips
for _, v in ipairs({0, -1, 1.5, 1e100, 2^63, math.mininteger}) do
  local str = tostring(v)
  print(str, tonumber(str) == v, math.type(tonumber(str)))
end
