-- Exits write back only the registers the interpreter may still read. Registers that are dead where
-- an exit resumes, locals captured by closures (read through upvalues at any time), loop-carried
-- locals written before they are read, and for-loop control registers must all come out right.
local function counter()
  local n = 0
  local function bump() n = n + 1 return n end
  local function get() return n end
  return bump, get
end

-- A local captured by a closure, modified in the traced loop; the loop leaves through a type change.
local total = 0
local get = function() return total end
local vals = {}
for i = 1, 200 do vals[i] = i end
vals[150] = 'x'
local seen = 0
for i = 1, 200 do
  local v = vals[i]
  if type(v) == 'number' then total = total + v else seen = get() end
end
print('captured', total, seen)

-- A local written before it is read every iteration (dead at the loop header), then read after.
local last
local acc = 0
for i = 1, 300 do
  last = i * 2
  acc = acc + last
  if i == 250 then last = 'stop' break end
end
print('deadlocal', last, acc)

-- Temporaries reused with other types in side paths, exits inside nested loops.
local res = {}
for i = 1, 120 do
  local t = i % 3 == 0 and true or i
  local s = 0
  for j = 1, 4 do
    if t == true then s = s + 0.5 else s = s + j end
  end
  if i % 40 == 0 then res[#res + 1] = tostring(t) .. ':' .. s end
end
print('mixed', table.concat(res, ' '))

-- Upvalue counters bumped from a traced loop, and a loop left with its control variables live.
local bump, peek = counter()
local k = 0
for i = 1, 500 do
  k = i
  if bump() > 400 then break end
end
print('upval', k, peek())

-- A long inner loop (run as its own tree) whose outer loop keeps registers the inner one never
-- touches, left early by an error caught outside.
local function inner(limit)
  local out = 0
  local a, b, c = 1, 2.5, 'k'
  for i = 1, 3 do
    for j = 1, limit do
      out = out + j
      if j == 150 and i == 3 then error('stop ' .. a .. b .. c .. out) end
    end
    a = a + 1
  end
  return out
end
print('inner', pcall(inner, 200))
print('inner2', pcall(inner, 120))
