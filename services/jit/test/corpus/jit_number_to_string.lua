-- A value read in a traced loop turns from a number into a string (coerced by arithmetic), then
-- into a string that cannot be converted: the error must come from the same line with the same text.
local t = {}
for i = 1, 200 do t[i] = i end
t[120] = "5"
t[121] = "0x10"
local s = 0
for i = 1, #t do s = s + t[i] end
print(s)
local parts = {}
for i = 1, 100 do
  local v = i < 60 and i or ("v" .. i)
  parts[#parts + 1] = v
end
print(parts[59], parts[60], #parts)
t[150] = "not a number"
local ok, err = pcall(function()
  local z = 0
  for i = 1, #t do z = z + t[i] end
  return z
end)
print(ok, err)
local z = 0
for i = 1, #t do z = z + t[i] end
print(z)
