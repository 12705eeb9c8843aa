-- A native's NaN result while a loop is recorded (math.sqrt of a negative number is -nan in lua5.4):
-- the recorder kept the result in a fresh one-element array, which V8 may store as unboxed doubles,
-- and a NaN stored there loses its sign bit. The first loops give V8 reason to do so.
local V = { function() return -(2^31) end, function() return 2^31 end, function() return -(0/0) end }
local N = #V
for rep = 1, 20 do
  for i = 1, N do
    local a = V[i]()
    pcall(function() local acc = 0; for q = 1, 3 do acc = -a end; return acc end)
  end
end
for i = 1, N do
  local a = V[i]()
  local ok2, r2 = pcall(function() local acc = 0; for q = 1, 3 do acc = math.sqrt(a) end; return acc end)
  print(i, r2)
end
local r, q, p = 0, 0, 0
for i = 1, 200 do r = math.sqrt(-i); q = math.log(-i); p = math.fmod(i, 0.0) end
print(r, q, p, math.acos(2), math.sqrt(-(0/0)))
