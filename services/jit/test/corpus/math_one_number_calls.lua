-- math functions of one number called for one result (the interpreter's fast path for them, with a
-- number argument, and the library's way for anything else): integers, floats, integral floats,
-- -0.0, infinities, NaNs, integers beyond 2^53, numeric strings and non-numbers.
local sqrt, floor, ceil, abs = math.sqrt, math.floor, math.ceil, math.abs
local sin, cos, tan, asin, acos, exp = math.sin, math.cos, math.tan, math.asin, math.acos, math.exp
local values = {
  0, 1, -1, 4, 7, -9, 2.0, -0.0, 0.5, -2.5, 3.75, 1e300, -1e300, 1 / 0, -1 / 0, 0 / 0, -(0 / 0),
  9007199254740993, math.mininteger, math.maxinteger, 2 ^ 53, "16", "2.5", "0x10",
}
local function show(x)
  return math.type(x) or type(x), tostring(x)
end
for round = 1, 3 do
  local out = {}
  for i = 1, #values do
    local v = values[i]
    local a = floor(v)
    local b = ceil(v)
    local c = abs(v)
    local d = sqrt(v)
    local e = sin(v)
    local f = cos(v)
    local g = tan(v)
    local h = asin(v)
    local k = acos(v)
    local m = exp(v)
    local line = {}
    for _, r in ipairs({ a, b, c, d, e, f, g, h, k, m }) do
      local t, s = show(r)
      line[#line + 1] = t .. ":" .. s
    end
    out[#out + 1] = tostring(v) .. " -> " .. table.concat(line, " ")
  end
  if round == 3 then print(table.concat(out, "\n")) end
end
-- One call as a statement, and one whose result is not the only one wanted: the library's way.
floor(2.5)
print(floor(2.5), ceil(-2.5))
local x, y = sqrt(9)
print(x, y)
-- Non-numbers raise the library's errors, with the call's position.
for _, v in ipairs({ "x", true, {} }) do
  print(pcall(function() return sqrt(v) + 0 end))
  print(pcall(function() local r = floor(v); return r end))
  print(pcall(function() local r = abs(v); return r end))
end
local sum = 0
for i = 1, 200 do sum = sum + floor(i / 3) + abs(-i) + ceil(i * 0.25) end
print(sum, math.type(sum))
