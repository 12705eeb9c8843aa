-- numeric for with float steps: the count is computed by repeated addition
for i = 0, 1, 0.1 do io.write(string.format("%.17g", i), " ") end print()
for i = 1, 0, -0.25 do io.write(i, " ") end print()
for i = 0.5, 3 do io.write(i, " ") end print()
for i = 1, 2.5, 0.5 do io.write(i, " ") end print()
for i = -1, -2, -0.5 do io.write(i, " ") end print()

-- counting iterations with 0.1 steps (floating-point accumulation)
local n = 0
for _ = 0, 1, 0.1 do n = n + 1 end
print("0..1 by 0.1 ->", n)
n = 0
for _ = 0, 10, 0.1 do n = n + 1 end
print("0..10 by 0.1 ->", n)

-- integer start with float limit: the loop stays integer (limit floored)
for i = 1, 3.9 do io.write(math.type(i), i, " ") end print()
for i = 3, 0.5, -1 do io.write(math.type(i), i, " ") end print()
for i = -3, -0.5 do io.write(i, " ") end print()

-- float start with integer step: the loop is a float loop
for i = 1.0, 3 do io.write(math.type(i), i, " ") end print()

-- infinite limits with integer loops and float loops
local c = 0
for i = 1, math.huge do c = c + 1; if c == 3 then break end end
print("to +inf", c)
c = 0
for i = 1, -math.huge do c = c + 1 end
print("to -inf", c)
c = 0
for i = 1.0, math.huge, 1e308 do c = c + 1; if c > 5 then break end end
print("huge step", c)

-- NaN limit: no iterations
c = 0
for i = 1, 0/0 do c = c + 1 end
for i = 1.0, 0/0 do c = c + 1 end
print("nan limit", c)

-- a float step that is tiny relative to the start never changes the variable: break out
c = 0
for i = 1e16, 1e16 + 10, 1.0 do c = c + 1; if c > 3 then break end end
print("stuck", c)

-- string bounds are not accepted in 5.4
print(pcall(function() for i = "1", 2 do end end))
print(pcall(function() for i = 1, "2" do end end))
print(pcall(function() for i = 1, 2, "1" do end end))
print(pcall(function() for i = 1, 2, {} do end end))
