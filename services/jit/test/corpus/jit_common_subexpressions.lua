-- Repeated pure expressions in one iteration, which traces compute once (jit/cse.ts): the counting
-- idiom, operands changed between the two computations, types that change mid-loop, an overflow and
-- a division by zero in the repeated expression, float and -0.0 keys, and a holder overwritten first.
local h = {}
for i = 1, 300 do h["k" .. (i % 7)] = (h["k" .. (i % 7)] or 0) + i end
local keys = {}
for k in pairs(h) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", h[k], " ") end
print()

-- An operand changes between the two: no sharing.
local acc = {}
for i = 1, 60 do
  local j = i % 5
  local a = "x" .. j
  j = j + 1
  local b = "x" .. j
  acc[#acc + 1] = a .. b
end
print(table.concat(acc, ",", 1, 12), #acc)

-- The holder is overwritten before the second computation; the operand is not.
local s = 0
for i = 1, 80 do
  local x = i * 3 + 1
  local y = x
  x = 0
  local z = i * 3 + 1
  s = s + x + y + z
end
print(s)

-- Types change mid-loop: integer, then float, then string operands.
local vals = {}
for i = 1, 40 do vals[i] = i end
for i = 41, 70 do vals[i] = i + 0.5 end
for i = 71, 90 do vals[i] = tostring(i) end
local out = {}
for i = 1, #vals do
  local v = vals[i]
  local p = v * 2 + 1
  local q = v * 2 + 1
  out[#out + 1] = math.type(p) .. ":" .. p .. "/" .. q
  local c1 = "v" .. v
  local c2 = "v" .. v
  out[#out + 1] = c1 .. c2
end
print(table.concat(out, " ", 1, 10))
print(table.concat(out, " ", 80, 100))
print(table.concat(out, " ", 140, 180))

-- Overflow wraps the same way twice; floats and -0.0 in keys.
local big = math.maxinteger - 50
local w = {}
for i = 1, 100 do
  local u1 = big + i
  local u2 = big + i
  w[#w + 1] = u1 == u2 and (u1 < 0 and "wrapped" or "ok") or "differ"
end
print(w[1], w[50], w[51], w[100])
local fk = {}
for i = 1, 30 do
  local f = (i - 15) * 0.5
  local z = -0.0 * i
  fk["f" .. f] = (fk["f" .. f] or 0) + 1
  fk["z" .. z] = (fk["z" .. z] or 0) + 1
end
local fks = {}
for k, v in pairs(fk) do fks[#fks + 1] = k .. "=" .. v end
table.sort(fks)
print(table.concat(fks, " "))

-- The repeated expression divides by zero at the first computation: the error is the first one's
-- (its position left out: lua5.4.4 reports a stale line for it, see the README's differences).
local ok, err = pcall(function()
  local d = 0
  for i = 10, -10, -1 do
    d = d + 100 // i + 100 // i
  end
  return d
end)
print(ok, (err:gsub("^.-:%d+: ", "")))
