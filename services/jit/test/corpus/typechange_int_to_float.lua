-- an accumulator that starts as an integer and becomes a float at some iteration
local acc = 0
for i = 1, 10 do
  if i == 6 then acc = acc + 0.5 else acc = acc + i end
  io.write(math.type(acc), ":", acc, " ")
end
print()

-- integer overflow does not turn into a float: it wraps
local x = math.maxinteger - 3
for i = 1, 6 do
  x = x + 1
  io.write(math.type(x), " ", x, "\n")
end

-- division always gives a float, floor division keeps integers
local v = 100
for i = 1, 6 do
  if i % 2 == 0 then v = v / 2 else v = v // 3 end
  print(i, math.type(v), v)
end

-- a loop variable that is a float from the start because the step is
for i = 1, 3, 1.0 do io.write(math.type(i), "=", i, " ") end
print()

-- multiplication overflowing at some iteration, compared with the float version
local p, pf = 1, 1.0
for i = 1, 70 do
  p = p * 3
  pf = pf * 3
  if i >= 38 and i <= 42 then print(i, p, pf, math.type(p), math.type(pf)) end
end

-- mixing: the sum of integers and floats in a table, changing at index 4
local vals = {1, 2, 3, 4.0, 5, 6.25, 7}
local s = 0
for i, v in ipairs(vals) do
  s = s + v
  print(i, math.type(v), math.type(s), s)
end
