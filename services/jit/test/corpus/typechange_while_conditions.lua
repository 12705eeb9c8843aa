-- loop conditions whose operands change type
local x = 1
local n = 0
while x < 1000 do
  n = n + 1
  if n == 3 then x = x + 0.5 end
  x = x * 3
end
print(n, x, math.type(x))

-- a condition that goes from number to nil (truthiness)
local vals = {3, 0, "", false, nil}
local i = 1
while vals[i] ~= nil and vals[i] ~= false do
  io.write(type(vals[i]), " ")
  i = i + 1
end
print(i)

-- a loop guarded by type checks, where the type changes each iteration
local v = 1
local trace = {}
for _ = 1, 8 do
  local t = type(v)
  trace[#trace + 1] = t
  if t == "number" and math.type(v) == "integer" then v = v + 0.5
  elseif t == "number" then v = tostring(v)
  elseif t == "string" then v = {v}
  elseif t == "table" then v = nil
  else v = 1 end
end
print(table.concat(trace, " "))

-- and/or chains that produce different types
for k = 1, 5 do
  local r = (k % 2 == 0 and k) or (k == 3 and "three") or (k > 4 and 4.5) or nil
  print(k, type(r), r)
end

-- comparison of a float counter with an integer limit, crossing exactly
local f = 0.0
local steps = 0
while f ~= 1 do
  f = f + 0.125
  steps = steps + 1
end
print(steps, f, f == 1, math.type(f))
