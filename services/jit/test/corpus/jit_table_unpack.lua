-- table.unpack(t) in traced loops (src/jit/tablenatives.ts): the first elements read from the array
-- part, checked against the types recorded; a metatable, a type change, a shorter or a huge table
-- leave the trace, and the interpreter gives lua5.4's results and errors.

local function show(...) local n = select("#", ...) local p = {} for i = 1, n do p[i] = tostring((select(i, ...))) end return n .. ":" .. table.concat(p, ",") end

-- 1. the same table: integers, then floats, then strings and nil holes
local t = { 1, 2, 3 }
local s = 0
for i = 1, 300 do
  local a, b, c = table.unpack(t)
  s = s + a + b + (c or 0.25)
  if i == 100 then t = { 1.5, 2.5, 3.5 } end
  if i == 200 then t = { 10, 20 } end
end
print(s)
local parts = {}
local src = { { "a", "b", "c" }, { "x", nil, "z" }, { 1, "mixed", 2.0 }, {}, { nil, nil, 3 }, { true, false } }
for i = 1, 240 do
  local a, b, c = table.unpack(src[i % #src + 1])
  if i > 234 then parts[#parts + 1] = tostring(a) .. "/" .. tostring(b) .. "/" .. tostring(c) end
end
print(table.concat(parts, " "))

-- 2. fewer elements than wanted, more than wanted, keys past #t in the hash part, float keys
local short, long = { 7 }, { 1, 2, 3, 4, 5, 6 }
-- (no holes below #t: lua5.4's border for {1, 2, nil, 4} comes from where its rehash put key 4)
local h = { 1, 2 }
h[10] = 10
local f = {}
f[1.0] = "one"
f[2] = "two"
local acc = {}
for i = 1, 200 do
  local a, b = table.unpack(short)
  local c, d, e = table.unpack(long)
  local p, q, r, w = table.unpack(h)
  local x, y = table.unpack(f)
  if i == 200 then acc = { a, tostring(b), c, d, e, p, q, tostring(r), tostring(w), x, y } end
end
for i = 1, #acc do acc[i] = tostring(acc[i]) end
print(table.concat(acc, " "), #h, show(table.unpack(h)))

-- 3. a metatable appearing mid-loop: __index supplies the missing elements, __len the length
local m = { 1, 2 }
local got = {}
for i = 1, 300 do
  if i == 150 then setmetatable(m, { __index = function(_, k) return k * 100 end, __len = function() return 3 end }) end
  local a, b, c = table.unpack(m)
  if i == 149 or i == 150 or i == 300 then got[#got + 1] = show(a, b, c) end
end
print(table.concat(got, " | "))

-- 4. the table growing and shrinking in the loop, and elements changing type under the trace
local g = {}
local log = {}
for i = 1, 300 do
  g[#g + 1] = (i % 50 == 0) and ("s" .. i) or i
  if #g > 3 then table.remove(g, 1) end
  local a, b, c = table.unpack(g)
  if i % 50 == 0 or i < 4 then log[#log + 1] = show(a, b, c) end
end
print(table.concat(log, " "))

-- 5. a table longer than the traces take, results into an expression, errors
local big = {}
for i = 1, 5000 do big[i] = i end
local bs = 0
for i = 1, 100 do
  local a, b = table.unpack(i % 2 == 0 and big or long)
  bs = bs + a + b
end
print(bs, select("#", table.unpack(big)))
print(pcall(function()
  local r = 0
  for i = 1, 200 do
    local a = table.unpack(i < 150 and { i } or nil)
    r = r + a
  end
  return r
end))
local sum = 0
for i = 1, 200 do sum = sum + select("#", table.unpack({ i, i, i })) end
print(sum)
print(pcall(table.unpack, nil))
print(table.unpack("abc"))
print(pcall(table.unpack, 5))
print(table.unpack(setmetatable({}, { __len = function() return 2 end, __index = function(_, k) return k .. "!" end })))
print(pcall(table.unpack, setmetatable({}, { __len = function() return "x" end })))
