-- Integer for loops whose index leaves the doubles' exact integers (beyond 2^53) while the loop runs:
-- the index must stay exact (lua5.4's integers are 64-bit), upward and downward, with a break, with
-- steps that a double would round, and a loop whose last value is just inside.
local function run(a, b, st, limit)
  local c, n, last = 0, 0, nil
  for i = a, b, st do
    c = c + i % 97
    n = n + 1
    last = i
    if limit and n >= limit then break end
  end
  return c, n, last
end

print(run(9007199254740987, 9007199254741003, 3))
print(run(9007199254740987, 9007199273615355, 1048576, 40))
print(run(-9007199254740987, -9007199254741003, -3))
print(run(9007199254740990, 9007199254740991, 1))
print(run(9007199254740985, 9007199254740991, 2))
print(run(9007199254740900, 9007199254741100, 7, 25))
print(run(math.maxinteger - 20, math.maxinteger, 6))
print(run(math.mininteger + 20, math.mininteger, -6))

-- The same loops, many times, so that the JIT sees them hot.
local sum = 0
for r = 1, 200 do
  local a = r < 100 and r or 9007199254740980 + r
  local c, n = run(a, a + 120, 5)
  sum = sum + c + n
end
print(sum)
for r = 1, 100 do
  for i = 9007199254740990 + r % 3, 9007199254740999, 2 do sum = sum + i % 1000 end
end
print(sum)
