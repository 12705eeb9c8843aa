-- Callbacks made afresh at every call (closures of one function made many times) inlined into a
-- traced loop: their upvalues differ from closure to closure, and exits find the closure they ran.

local function map(t, f)
  local r = {}
  for i = 1, #t do r[i] = f(t[i]) end
  return r
end

local data = {}
for i = 1, 40 do data[i] = i end

-- Read an upvalue of each closure.
local total = 0
for k = 1, 300 do
  local r = map(data, function(x) return x * k + 1 end)
  total = total + r[#r] + r[1]
end
print("read", total)

-- Write an upvalue of each closure (a counter per closure), read back after the loop.
local counts = 0
for k = 1, 200 do
  local n = 0
  map(data, function(x) n = n + x % k; return n end)
  counts = counts + n
end
print("write", counts)

-- Stores inside the callback, then an exit inside it (a branch going the other way at item 30 of
-- some calls): the interpreter finishes the callback with its own upvalues.
local log = {}
for k = 1, 150 do
  local seen, bump = 0, 1
  local r = map(data, function(x)
    seen = seen + 1
    log[#log + 1] = k
    if seen == 30 and k % 7 == 0 then bump = 0.5 end
    return x + seen * bump
  end)
  total = total + r[40] + r[29] + seen
end
print("exit", total, #log)

-- A native function, and a function of another prototype, at the same call site.
local function half(x) return x / 2 end
local s = 0
for k = 1, 120 do
  local f
  if k % 3 == 0 then f = math.floor
  elseif k % 3 == 1 then f = function(x) return x + k end
  else f = half end
  local r = map(data, f)
  s = s + r[40]
end
print("mixed", s)

-- A callback with a loop of its own, made per call (the loop's tree runs under its closure).
local function apply(t, g)
  local acc = 0
  for i = 1, #t do acc = acc + g(t[i]) end
  return acc
end
local a = 0
for k = 1, 200 do
  a = a + apply(data, function(x)
    local p = 0
    for j = 1, k % 5 + 6 do p = p + x * j + k end
    return p
  end)
end
print("loops", a)

-- Errors inside a callback made per call: the message names the callback's upvalue.
for k = 1, 3 do
  local bad = (k == 3) and {} or 1
  local ok, r = pcall(map, data, function(x) return x + bad end)
  print(ok, ok and #r or r)
end

-- Closures of one function compared and used as keys: identities stay apart.
local made = {}
for k = 1, 100 do made[k] = function() return k end end
local distinct, sum = 0, 0
local seenfn = {}
for k = 1, 100 do
  local f = made[k]
  if not seenfn[f] then distinct = distinct + 1; seenfn[f] = true end
  sum = sum + f()
end
print("identity", distinct, sum, made[1] == made[2])
