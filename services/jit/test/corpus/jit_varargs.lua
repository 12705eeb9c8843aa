-- Varargs in traces: calls of vararg functions inlined into a traced loop, and loops of vararg
-- functions reading their varargs; counts and types changing between calls.

local function fmt(...) return string.format(...) end
local function count(...) return select("#", ...) end
local function second(...) local _, b = ... return b end
local function pick(i, ...) return (select(i, ...)) end
local function last(...) return (select(-1, ...)) end
local function fwd(...) return count(...) + (second(...) or 0) end

local parts, n = {}, 0
for i = 1, 3000 do
  parts[#parts + 1] = fmt("%d:%s", i, "x")
  n = n + count() + count(i) + count(i, nil, i) + (second(i) or 0) + (second(i, i * 2) or 0)
  n = n + pick(2, i, i + 1, i + 2) + last(i, i + 5) + fwd(i, 7, 9)
end
print("inlined", #table.concat(parts, ","), n)

-- A loop in a vararg function, over its own varargs; counts differ between calls.
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    s = s + v
  end
  return s
end
local t = 0
for i = 1, 2000 do
  t = t + sum(i, i, i) + sum(i) + sum() + sum(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
  if i % 500 == 0 then t = t + sum(0.5, i) end
end
print("own varargs", t)

-- Types changing between calls, nil in the middle, more wanted than given.
local function describe(...)
  local a, b, c, d = ...
  return type(a) .. type(b) .. type(c) .. type(d)
end
local kinds = {}
for i = 1, 1500 do
  local k = describe(i, (i % 300 == 0) and "s" or nil, i + 0.5)
  kinds[k] = (kinds[k] or 0) + 1
end
for _, k in ipairs({ "numbernilnumbernil", "numberstringnumbernil" }) do print(k, kinds[k]) end

-- A store in a vararg function called from a loop (left to the interpreter), and an error.
local acc = {}
local function push(...) acc[#acc + 1] = select("#", ...) end
for i = 1, 1000 do push(i, i) end
print("stores", #acc, acc[1000])
print(pcall(function()
  local q = 0
  for i = 1, 1000 do q = q + pick((i < 900) and 1 or 0, i, i) end
  return q
end))
