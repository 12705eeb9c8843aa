-- table.concat over thousands of strings (joined in pieces of 2048 inside lsjit): whole arrays,
-- ranges starting and ending on either side of a piece boundary, empty and multi-character
-- separators, a number in the middle (the slow path), and an error past the strings.
local t = {}
for i = 1, 10000 do t[i] = string.format("%x", i * 7919 % 65536) end

local function digest(s)
  local h = 0
  for i = 1, #s, 3 do h = (h * 31 + s:byte(i)) % 1000000007 end
  return #s .. ":" .. h .. ":" .. s:sub(1, 12) .. "..." .. s:sub(-12)
end

print(digest(table.concat(t, ",")))
print(digest(table.concat(t)))
print(digest(table.concat(t, "<->")))
for _, r in ipairs({ { 1, 4096 }, { 1, 4097 }, { 2048, 2049 }, { 2047, 6145 }, { 2049, 10000 },
                     { 4096, 8193 }, { 9999, 10000 }, { 5000, 4999 }, { 1, 1 } }) do
  print(r[1], r[2], digest(table.concat(t, ";", r[1], r[2])))
end

t[5000] = 5000.5
print(digest(table.concat(t, ",")))
t[5000] = 5000
print(digest(table.concat(t, ",", 4000, 6000)))
t[7000] = {}
print(pcall(table.concat, t, ","))
print(pcall(table.concat, t, ",", 1, 6999) and "ok")
