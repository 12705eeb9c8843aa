-- Nested repeat-until loops whose trip counts grow during the run: a side path that runs one more
-- trip than its tree has becomes a nested JS loop (record/nested.ts closeRepeatLoops), which later,
-- longer trips go round. Types that change, a break, and a plain truth test as the end test.

-- a reversal in a loop, as fannkuch-redux's
local t = {}
for i = 1, 40 do t[i] = i end
local sum = 0
for round = 1, 400 do
  local n = 2 + (round * 7) % 37
  local i, j = 1, n
  repeat t[i], t[j] = t[j], t[i]; i = i + 1; j = j - 1 until i >= j
  sum = sum + t[1] * round + t[n]
end
print(sum)

-- one trip while the loop is traced, then 2, 3 and 4 trips, each for a while
local u = {}
for i = 1, 12 do u[i] = i * 3 end
local su = 0
for round = 1, 600 do
  local n = 2 + round // 70
  local i, j = 1, n
  repeat u[i], u[j] = u[j], u[i]; i = i + 1; j = j - 1 until i >= j
  su = su + u[1] + u[2] * 2 + u[n] * round
end
print(su)

-- the loop's local turns from an integer into a float half-way
local acc = 0
for round = 1, 300 do
  local x = round < 150 and 1 or 0.5
  local k = 0
  repeat x = x + 1; k = k + 1 until k >= round % 9 + 1
  acc = acc + x
end
print(acc)

-- a local that is an integer when a trip starts and a float when it ends (the trip does not loop)
local acc2 = 0
for round = 1, 600 do
  local x = round
  local k = 0
  repeat
    k = k + 1
    if k == 1 then x = x + 1 else x = x * 0.5 end
  until k >= 1 + round // 100
  acc2 = acc2 + x
end
print(acc2)

-- a break out of the repeat, and a repeat ended by a truth test
local hits = 0
for round = 1, 300 do
  local k = 0
  repeat
    k = k + 1
    if k * round % 97 == 0 then hits = hits + 1; break end
  until k > round % 13
  local flag = false
  local m = 0
  repeat m = m + 1; flag = m >= round % 5 until flag
  hits = hits + m + k
end
print(hits)

-- two repeats one after the other in one iteration, the second longer as the run goes on
local s2 = 0
for round = 1, 500 do
  local a = 0
  repeat a = a + 2 until a >= 4
  local b = 0
  repeat b = b + 1 until b >= round // 50 + 1
  s2 = s2 + a * b
end
print(s2)
