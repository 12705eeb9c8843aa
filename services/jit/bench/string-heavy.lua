-- String-heavy workload: formatting, concatenation, table.concat, sub/byte/char/rep/upper/find.
local N = tonumber(arg and arg[1]) or 1500000

local parts = {}
for i = 1, N do parts[#parts + 1] = string.format("%05d:%x", i, i * 31) end
local joined = table.concat(parts, ",")

local checksum = 0
for i = 1, #joined, 7 do checksum = (checksum * 31 + joined:byte(i)) % 1000000007 end

local words = {}
for i = 1, N // 4 do
  local w = string.char(97 + i % 26, 97 + (i * 7) % 26, 97 + (i * 13) % 26)
  words[#words + 1] = w:upper() .. w:rep(2) .. tostring(i % 100)
end
local total = 0
for _, w in ipairs(words) do
  total = total + #w
  if w:find("AB", 1, true) then total = total + 1 end
end

local s = ""
for i = 1, N // 100 do s = s .. (i % 10) end
local sub = 0
for i = 1, #s - 3, 5 do sub = sub + tonumber(s:sub(i, i + 2)) end

print(#joined, checksum, total, #s, sub, string.format("%.3f", total / #words))
