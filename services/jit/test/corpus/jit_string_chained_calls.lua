-- A native's only result passed straight to another native (f(g(x)): C = 0 then B = 0): exits at
-- the second call hand L.top to the interpreter, types and callee changing mid-loop.
local parts = { "1", "2.5", "x", "7", " 0x10 ", "1e2" }
local acc, misses = 0, 0
for i = 1, 300 do
  local v = tonumber(parts[i % #parts + 1]:sub(1))
  if v then acc = acc + v else misses = misses + 1 end
end
print(acc, misses)
local conv = tonumber
local out = {}
for i = 1, 200 do
  out[#out + 1] = type(conv(("" .. i):sub(1, 2)))
  if i == 100 then conv = tostring end
  if i == 150 then conv = function(x) return #x end end
end
print(table.concat(out, ",", 95, 155))
local n = 0
for i = 1, 200 do n = n + #string.rep("ab", tonumber(("x" .. i % 3):sub(2))) end
print(n)
local s = ""
for i = 1, 300 do s = s .. (i % 10) end
local sub = 0
for i = 1, #s - 3, 5 do sub = sub + tonumber(s:sub(i, i + 2)) end
print(sub)
local t = 0
for i = 1, 200 do
  t = t + #tostring(tonumber(s:sub(i, i + 1)))
  t = t + math.floor(tonumber(string.format("%d.5", i)))
  local x = tonumber(i == 150 and "zz" or s:sub(i, i))
  if x then t = t + x end
end
print(t)
local u = 0
for i = 1, 200 do
  u = u + tonumber(s:sub(i, i), i == 120 and 16 or 10)
  local ok, e = pcall(string.rep, s:sub(1, 1), tonumber(i == 160 and "x" or "2"))
  if not ok then print(e) end
end
print(u)
for i = 1, 100 do
  u = u + math.max(tonumber(s:sub(i, i)), 3)
  if i == 90 then u = u + tonumber(s:sub(i, i) .. "x") end
end
