-- Numeric for loops whose step the trace loads as a constant (1, -1, 2, -3): iteration counts as
-- plain subtractions or divisions, loops that run zero times, ranges at the ends of the safe integers.
local out = {}
for r = 1, 30 do
  local s = 0
  for i = 1, r do s = s + i end
  for i = r, 1, -1 do s = s + i * 2 end
  for i = 1, r, 2 do s = s + i * 3 end
  for i = r, -r, -3 do s = s + i end
  for i = r, 1 do s = s + 1000 end
  for i = 1, r - 40, -1 do s = s + 7 end
  for i = 1, 0 do s = s + 99 end
  for i = 9007199254740990, 9007199254740991 do s = s + 1 end
  for i = -9007199254740991, -9007199254740990 do s = s + 1 end
  for i = 1, r, 1 do if i == 17 then s = s + 0.5 end end
  out[#out + 1] = s
end
print(table.concat(out, " "))
local big = 0
for r = 1, 60 do
  for i = math.maxinteger - 2, math.maxinteger do big = big + 1 end
  for i = math.mininteger, math.mininteger + 2 do big = big + 1 end
  for i = math.mininteger + 5, math.mininteger, -2 do big = big + 1 end
end
print(big)
