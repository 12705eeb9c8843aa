-- string.find with plain = true traced inline: found / not found changing mid-loop, start positions
-- (negative, zero, past the end), empty needles, one or two results, a non-boolean plain argument
local words = {}
for i = 1, 300 do words[i] = string.char(65 + i % 26, 65 + (i * 7) % 26, 97 + i % 5) .. i end
local hits, sum = 0, 0
for _, w in ipairs(words) do
  if w:find("AB", 1, true) then hits = hits + 1 end
  local a, b = w:find("1", -3, true)
  if a then sum = sum + a * 10 + b end
end
print(hits, sum)
local s = "hello world, hello lua"
local out = {}
for i = -30, 30 do
  local a, b = string.find(s, "hello", i, true)
  out[#out + 1] = tostring(a) .. ":" .. tostring(b)
  local e1, e2 = s:find("", i, true)
  out[#out + 1] = tostring(e1) .. ":" .. tostring(e2)
  out[#out + 1] = tostring((s:find("lua", i, 1)))
end
print(table.concat(out, " "))
local n = 0
for i = 1, 200 do if ("a.b" .. i):find(".", 1, true) == 2 then n = n + 1 end end
print(n)
print(pcall(function() local c = 0 for i = 1, 100 do if ("x" .. i):find("x", i < 90 and 1 or {}, true) then c = c + 1 end end return c end))
local flip = 0
for i = 1, 200 do if string.find("abcabc", "c", 1, i % 2 == 0) then flip = flip + 1 end end
print(flip)
