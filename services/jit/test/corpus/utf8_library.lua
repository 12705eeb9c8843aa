-- The utf8 library on valid, lax-only and invalid input: char, charpattern, codes, codepoint, len,
-- offset, and their errors.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = type(t[i]) == "string" and string.format("%q", t[i]) or tostring(t[i]) end
  return table.concat(t, " ", 1, t.n)
end
local function try(f, ...) print(show(pcall(f, ...))) end
local s = "héllo, wörld ✓ 𝄞"
print(#s, utf8.len(s), show(utf8.codepoint(s, 1, -1)))
print(show(utf8.char(72, 233, 0x2713, 0x1D11E, 0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF)))
print(show(utf8.char(0x110000, 0x7FFFFFFF, 0x3FFFFFF, 0x4000000)))
print(show(utf8.char()))
for p, c in utf8.codes(s) do io.write(p, ":", c, " ") end
print()
for ch in s:gmatch(utf8.charpattern) do io.write("[", ch, "]") end
print()
for _, n in ipairs({ 1, 2, 3, 5, -1, -2, 0, 20, 100 }) do io.write(tostring(utf8.offset(s, n)), " ") end
print()
print(utf8.offset(s, 0, 3), utf8.offset(s, 1, 4), utf8.offset(s, -1, 4), utf8.offset(s, 2, -4), utf8.offset(s, -2, -4))
print(utf8.len(s, 3), utf8.len(s, 1, 2), utf8.len(s, -4), utf8.len(""), utf8.len(s, #s + 1))
print(utf8.len("\xC0\x80"), utf8.len("\xED\xA0\x80"), utf8.len("\xED\xA0\x80", 1, -1, true))
print(utf8.len("\xF4\x90\x80\x80"), utf8.len("\xF4\x90\x80\x80", 1, -1, true), utf8.len("ab\xFFcd"))
print(show(utf8.codepoint("\xF4\x90\x80\x80", 1, 1, true)), show(utf8.codepoint("abc", 3, 2)))
for p, c in utf8.codes("a\x80b") do io.write(p, ":", c, " ") end
print()
for p, c in utf8.codes("\xED\xA0\x80z", true) do io.write(p, ":", c, " ") end
print()
try(utf8.char, -1)
try(utf8.char, 0x80000000)
try(utf8.char, "x")
try(utf8.codepoint, "abc", 0)
try(utf8.codepoint, "abc", 1, 4)
try(utf8.codepoint, "a\xFFb", 1, 3)
try(utf8.len, "abc", 5)
try(utf8.len, "abc", 1, 4)
try(utf8.offset, "h\xC3\xA9", 1, 3)
try(utf8.offset, "abc", 1, 5)
try(function() for p, c in utf8.codes("a\xC3") do end end)
try(function() for p, c in utf8.codes("\xED\xA0\x80") do end end)
try(utf8.codes, {})
print(utf8.charpattern)
