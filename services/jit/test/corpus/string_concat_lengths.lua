-- Strings made by .., string.format and table.concat around the lengths where the implementation
-- changes how it keeps them (12/13 and 64/65 characters): same bytes, lengths, comparisons and keys.
local function show(s) return #s .. ":" .. s:sub(1, 8) .. "|" .. s:sub(-4) end
local pieces = { "a", "bcdefghijkl", "\0\255x", "0123456789", "é", "" }
local made = {}
for n = 1, 70 do
  local s = string.rep("x", n - 1) .. "y" -- n characters from one ..
  local t = s .. pieces[n % #pieces + 1] .. n -- three operands, a number among them
  local f = string.format("%s:%05d:%x", s, n, n * 31)
  local g = string.format("%-" .. (n % 20 + 1) .. "s|", s)
  made[#made + 1] = t
  made[t] = n -- as a key
  if n % 7 == 0 or (n >= 11 and n <= 14) or (n >= 62 and n <= 66) then
    print(n, show(s), show(t), show(f), #g, t == s .. pieces[n % #pieces + 1] .. n)
  end
end
local hits = 0
for i, t in ipairs(made) do if made[t] == i then hits = hits + 1 end end
print("keys", hits)
-- One string grown a character at a time past both lengths, then compared with a built one.
local acc = ""
for i = 1, 100 do acc = acc .. (i % 10) end
local want = table.concat({ "1234567890", "1234567890", "1234567890", "1234567890", "1234567890" }):rep(2)
print(#acc, acc == want, acc:byte(13), acc:byte(64), acc:byte(65))
-- Keys built in a loop the JIT traces, looked up again by a second build.
local keys = {}
for i = 1, 300 do keys["user:" .. i .. ":" .. string.format("%08x", i * 2654435761 % 4294967296)] = i end
local found = 0
for i = 1, 300 do
  if keys["user:" .. i .. ":" .. string.format("%08x", i * 2654435761 % 4294967296)] == i then found = found + 1 end
end
print("found", found)
