local fs = {}
for i = 1, 3 do
  for j = 1, 2 do
    fs[#fs + 1] = function() return i * 10 + j end
  end
end
local out = {}
for _, f in ipairs(fs) do out[#out + 1] = f() end
print(table.concat(out, " "))
local acc = {}
local k = 0
while k < 3 do
  k = k + 1
  local captured = k
  acc[k] = function() captured = captured + 100; return captured end
end
print(acc[1](), acc[1](), acc[2](), acc[3]())
