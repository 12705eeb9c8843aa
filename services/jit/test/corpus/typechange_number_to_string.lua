-- a variable that holds a number and becomes a string at some iteration
local v = 1
for i = 1, 8 do
  if i == 4 then v = tostring(v) end
  if i == 6 then v = v .. "0" end
  v = v + 1 -- strings are coerced back to numbers by arithmetic
  print(i, type(v), math.type(v), v)
end

-- a string that looks like a float keeps arithmetic in floats
local w = "2.5"
for i = 1, 3 do
  w = w * 2
  print(i, type(w), w)
end

-- concatenation turns numbers into strings, comparison does not coerce
local parts = {}
local cur = 10
for i = 1, 5 do
  if i % 2 == 0 then cur = cur .. "" else cur = cur + 0 end
  parts[#parts + 1] = type(cur) .. "(" .. cur .. ")"
  print(i, pcall(function() return cur < 100 end))
end
print(table.concat(parts, " "))

-- hex and exponent strings in arithmetic
local strs = {"0x10", "1e2", " 7 ", "3.0", "-0x1p4", "10"}
for _, s in ipairs(strs) do
  local r = s + 0
  print(string.format("%q", s), r, math.type(r))
end

-- at some iteration the string stops being numeric
local inputs = {"1", "2", "3x", "4"}
local total = 0
for i, s in ipairs(inputs) do
  local ok, err = pcall(function() total = total + s end)
  print(i, ok, ok and total or err)
end
