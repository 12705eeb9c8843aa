-- A loop-carried integer becomes a float part-way through a traced loop, and back through math.floor.
local acc = 0
for i = 1, 300 do
  acc = acc + i
  if i == 150 then acc = acc + 0.5 end
end
print(acc, math.type(acc))
local n = 0
for i = 1, 200 do
  if i > 100 then n = n / 2 else n = n + 3 end
  if i % 50 == 0 then print(i, n, math.type(n)) end
end
local m = 7
for _ = 1, 100 do m = math.floor(m * 1.5) % 1000 end
print(m, math.type(m))
-- integer overflow inside a trace wraps around exactly as lua5.4 does
local big = math.maxinteger - 100
for _ = 1, 200 do big = big + 1 end
print(big, math.type(big))
local w = 1
for _ = 1, 70 do w = w * 3 end
print(w)
