-- Short inner repeat/while loops whose trip counts vary (1 to many, changing mid-run) inside hot
-- loops, nested two deep, with breaks out of the inner loops: side paths leave an inner loop and
-- continue the enclosing one, or go round an inner loop again.
local function reverse_runs(n)
  local q, total, flips = {}, 0, 0
  for i = 1, n do q[i] = i end
  for round = 1, 400 do
    local k = round % n + 1
    repeat
      local first = q[1]
      if first == 1 then break end
      if first >= 3 then
        local i, j = 2, first - 1
        repeat q[i], q[j] = q[j], q[i]; i = i + 1; j = j - 1 until i >= j
      end
      q[1] = q[first]; q[first] = first
      flips = flips + 1
    until flips % 7 == 0
    q[1], q[k] = q[k], q[1]
    total = total + q[1] * round
  end
  return total, flips
end
print(reverse_runs(9))
print(reverse_runs(5))

-- A while loop that runs once for a long time, then many times, then not at all.
local acc = 1
for i = 1, 3000 do
  local trips = i < 1000 and 1 or (i < 2000 and (i % 13) or 0)
  local j = 0
  while j < trips do
    acc = acc + j * i
    j = j + 1
    if acc % 97 == 0 then break end
  end
  acc = acc % 1000003
end
print(acc)

-- Three deep: the innermost loop's exit continues the middle one, whose break continues the outer.
local out = {}
for a = 1, 200 do
  local b = 0
  while true do
    b = b + 1
    local c = a % 5
    repeat c = c - 1; out[#out % 50 + 1] = a * b + c until c <= 0
    if b >= a % 4 + 1 then break end
  end
end
local s = 0
for i = 1, #out do s = s + out[i] end
print(#out, s)

-- A side path that goes round an inner loop again with a local changed to a float.
local x, sum = 0, 0
for i = 1, 300 do
  local k = 0
  repeat
    k = k + 1
    if i > 150 and k == 2 then x = x + 0.5 else x = x + 1 end
    sum = sum + x
  until k >= i % 4 + 1
end
print(x, sum, math.type(x))
