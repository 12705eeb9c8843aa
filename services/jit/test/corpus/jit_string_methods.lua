-- String methods and library calls in hot loops, with argument and result types changing mid-loop.
local s = "hello, world: the quick brown fox"
local acc = 0
for i = -40, 40 do
  local b = s:byte(i)            -- nil outside the string, 0 at i = 0
  if b then acc = acc + b else acc = acc - 1 end
end
print("byte", acc)

local args = { 1, 2, 3, 2.0, "3", 4, -2, 0, 100, -100, 3.0, "  5  " }
local out = {}
for round = 1, 3 do
  for k = 1, #args do
    local a = args[k]
    out[#out + 1] = s:sub(a, a + 3) .. "|" .. string.sub(s, a) .. "|" .. tostring((s:byte(a)))
  end
end
print(table.concat(out, ";"))

local found, missing = 0, 0
local words = { "abc", "xABy", "AB", "nope", "zzAB", "ab", 12, 3.5 }
for i = 1, 200 do
  local w = words[i % #words + 1]
  local a, b = string.find(w, "AB", 1, true)
  if a then found = found + a + b else missing = missing + 1 end
  local c = string.find(tostring(w), "b", 2, true)
  if c then found = found + c end
end
print("find", found, missing)

local t = {}
for i = 1, 300 do
  local w = string.char(97 + i % 26, 65 + i % 26, 48 + i % 10)
  t[#t + 1] = w:upper() .. w:lower() .. w:rep(i % 3) .. w:rep(2, "-") .. #w .. w:len() .. w:reverse()
end
print(#t, t[1], t[150], t[300])

local n = 0
for i = 1, 200 do
  local v = tonumber(("  " .. i .. "  "):sub(1, -1)) + tonumber(i % 7 == 0 and "0x10" or "2.5")
  n = n + v + (tonumber(i) or 0) + (tonumber("z" .. i) or 1)
end
print("tonumber", n, math.type(n))

local types = {}
local vals = { 1, 2.5, "x", true, nil, 3, -0.0, 1e100 }
for i = 1, 160 do
  local v = vals[i % 8 + 1]
  types[#types + 1] = type(v) .. tostring(v) .. string.format("%s", v) .. (math.type(v) or "-")
end
print(table.concat(types, ",", 1, 16))
print(#table.concat(types))

local m = 0
for i = 1, 300 do
  m = m + math.max(i % 17, 8, i % 5) + math.min(i % 13, 5.5) + math.fmod(i, 7) + (math.tointeger(i / 3) or -1)
end
print("math", m)
