-- Number to string conversion in traced concatenation: integers, floats in %.14g with ".0" for
-- integral values, -0.0, huge and tiny values, inf and nan, types changing mid-loop.
local vals = { 1, 1.0, -0.0, 0.0, 1e15, 1e16, 2^53, 2^63, -2^63, 1e100, 1e-5, 0.1, 1 / 3, -1.5,
  123456789012345, 1234567890123456, math.huge, -math.huge, math.pi, 100, -7, 2^-1074 }
local out = {}
for round = 1, 4 do
  for k = 1, #vals do
    local v = vals[k]
    out[#out + 1] = v .. "|" .. (v * 2) .. "," .. round
  end
end
print(table.concat(out, " ", 1, #vals))
print(#table.concat(out))

local s = ""
local x = 0
for i = 1, 200 do
  x = x + 0.25
  s = s .. x .. ";" .. i .. ";" .. (i / 4) .. " "
  if #s > 400 then s = s:sub(-100) end
end
print(s)

local t = {}
for i = 1, 100 do
  local v = i % 3 == 0 and i or i % 3 == 1 and i + 0.5 or math.mininteger + i
  t[#t + 1] = "v" .. v
end
print(table.concat(t, ","))

local nan = {}
for i = 1, 60 do nan[#nan + 1] = (0 / 0) .. "," .. -(0 / 0) .. "," .. (i % 2 == 0 and 1e308 * 10 or -1e308 * 10) end
print(nan[1], nan[2], nan[60])
