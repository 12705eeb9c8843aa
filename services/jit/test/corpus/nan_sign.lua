-- lua5.4 prints the sign bit of a NaN: on x86-64 0/0 yields the "default NaN" (sign set: -nan)
local nan = 0/0
print(nan, -nan, -(-nan), 0/0, -(0/0))
print(math.huge - math.huge, math.huge * 0, -math.huge + math.huge, math.sqrt(-1))
print(math.abs(nan), -math.abs(nan), nan * -1, nan + 1, (-nan) + 1, (-nan) * 2)
print(tostring(nan), tostring(-nan), nan .. "", -nan .. "")
print(string.format("%f %f %g %g %.3f %e", nan, -nan, nan, -nan, nan, -nan))
print(string.format("%5.1f|%-6g|%s|%q", nan, -nan, nan, 1))
print(nan ~= nan, -nan ~= -nan, nan == nan, math.type(nan), math.type(-nan))
local t = {nan, -nan}
print(t[1], t[2], #t)
local function id(x) return x end
print(id(nan), id(-nan), select(2, 1, -nan))
print(math.max(nan, 1), math.max(1, nan), math.min(-nan, 1), math.min(1, -nan))
print(math.fmod(1, 0.0), math.fmod(-1, 0.0), math.fmod(math.huge, 1), 1 % 0.0, -1 % 0.0)
print(math.huge % 2, -math.huge % 2, nan % 1, (-nan) % 1, 5 // 0.0 * 0)
print(nan ^ 0, nan ^ 1, (-nan) ^ 1, 0.0 ^ nan, math.exp(nan), math.log(-1), math.log(0/0))
print(math.floor(2.5) + nan, math.ult(1, 2), math.tointeger(nan), math.sin(math.huge), math.cos(-math.huge))
-- a loop that produces NaN halfway and flips its sign
local x = 1.0
for i = 1, 5 do
  if i == 3 then x = x * math.huge - math.huge end
  x = -x
  io.write(tostring(x), " ")
end
print()
