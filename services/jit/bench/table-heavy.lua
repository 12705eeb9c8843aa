-- Table-heavy workload: hash inserts/lookups with string and integer keys, array growth,
-- removal, sorting and iteration with pairs/ipairs.
local N = tonumber(arg and arg[1]) or 1500000

local h = {}
for i = 1, N do h["k" .. (i % 5000)] = (h["k" .. (i % 5000)] or 0) + i end
local hsum = 0
for _, v in pairs(h) do hsum = hsum + v end

local sparse = {}
for i = 1, N do sparse[(i * 7919) % (N * 3)] = i end
local found = 0
for i = 1, N * 3, 3 do if sparse[i] then found = found + 1 end end

local arr = {}
for i = 1, N do arr[#arr + 1] = (i * 2654435761) % 1000003 end
local keep = {}
for _, v in ipairs(arr) do if v % 3 ~= 0 then keep[#keep + 1] = v end end
table.sort(keep)
local acc = 0
for i = 1, #keep, 97 do acc = (acc + keep[i] * i) % 1000000007 end

local q = {}
for i = 1, N // 10 do table.insert(q, i) end
local popped = 0
while #q > 0 do popped = popped + table.remove(q) end

local records = {}
for i = 1, N // 4 do records[i] = { id = i, score = (i * 37) % 101, name = "n" .. i } end
local best = 0
for _, r in ipairs(records) do if r.score > best then best = r.score end end

print(hsum, found, #keep, acc, popped, best)
