-- Integer arithmetic in traces crossing the int32 range (V8 switches representation there) and
-- the safe-integer range (the trace leaves and the interpreter wraps at 2^63), in loop-carried
-- registers and temporaries, up and down, added, subtracted and multiplied.
local function show(label, ...)
  print(label, ...)
end

-- Counting up through 2^31 one step at a time, then by big steps through 2^53.
local x = 2147483647 - 40
for _ = 1, 80 do x = x + 1 end
show('up31', x, math.type(x))
local y = -2147483648 + 40
for _ = 1, 80 do y = y - 1 end
show('down31', y, math.type(y))

local big = 9007199254740991 - 3000
local steps = 0
for _ = 1, 100 do
  big = big + 64
  steps = steps + 1
end
show('up53', big, steps, math.type(big))

local neg = -9007199254740991 + 3000
for _ = 1, 100 do neg = neg - 64 end
show('down53', neg)

-- Multiplication: doubling through both boundaries; a negative factor; -0 never appears.
local m = 3
local seen = {}
for i = 1, 70 do
  m = m * 2
  if i % 10 == 0 then seen[#seen + 1] = tostring(m) end
end
show('mul', table.concat(seen, ' '))
local z = 0
for i = 1, 60 do z = z * -5 + (i % 3) - 1 end
show('mulneg', z, 1 / (z * 0 + 1))

-- The same loop entered with small values first, then with values beyond int32.
local function sum(from, n, step)
  local s = from
  for _ = 1, n do s = s + step end
  return s
end
for _, start in ipairs({ 1, 100, 2147483000, 4294967296, -2147483000, 9007199254000000 }) do
  show('sum', start, sum(start, 300, 7), sum(start, 300, -7))
end

-- A counter that wraps: math.maxinteger reached inside a traced loop.
local w = math.maxinteger - 200
local ok = true
for _ = 1, 300 do
  w = w + 1
  if w < 0 then ok = false end
end
show('wrap', w, ok, math.type(w))
