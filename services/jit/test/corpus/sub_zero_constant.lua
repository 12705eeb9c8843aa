-- `x - 0` with the integer literal 0: lua5.4 compiles it as `x + 0` (OP_ADDI with the constant negated),
-- so -0.0 - 0 is 0.0, while a register holding 0, or the float 0.0, subtracts (-0.0). Metamethods and
-- strings still see a subtraction. Found by test/fuzz-float-loops.test.ts's generator (2026-12-04).
local z = -0.0
local zero = 0
print(z - 0, z + 0, z - 0.0, 0 - z, z * 1, z - zero, (z * 1) - 0, z - 0 + z, z * 2 - 0 - 0)
local a, b, c = 0.0, 0.0, 0.0
for i = 1, 100 do
  local w = -0.0 * i
  a = w - 0
  b = w - zero
  c = (w * 1.0) - 0 + (w - 0)
end
print(a, b, c)
local f, g = -0.0, 0.5
for i = 1, 100 do
  f = f * 1.0 - 0
  g = g * 0.0 - 0.0
  if g < 1.0 then f = f - 0 end
end
print(f, g)
local s = setmetatable({}, { __sub = function(x, y) return "sub " .. tostring(y) end, __add = function() return "add" end })
print(s - 0, "-0.0" - 0, "-0" - 0)
