-- The generic for's fourth value, a to-be-closed "closing value" (lua5.4): closed when the loop ends,
-- breaks, returns or fails; nil and false are not closed; anything else without __close is an error.
local log = {}
local function closer(name)
  return setmetatable({}, { __close = function(_, e) log[#log + 1] = name .. ":" .. tostring(e) end })
end
local function iter(n, i) if i < n then return i + 1 end end
local function range(n, name) return iter, n, 0, closer(name) end

for i in iter, 3, 0, closer("explicit") do io.write(i, " ") end
print(table.concat(log, " ")); log = {}
for i in range(3, "factory") do io.write(i, " ") end
print(table.concat(log, " ")); log = {}
for i in range(5, "break") do if i == 2 then break end end
print(table.concat(log, " ")); log = {}
local function find(n, want)
  for i in range(n, "return" .. want) do if i == want then return "found " .. i end end
  return "none"
end
print(find(5, 3), find(5, 9), table.concat(log, " ")); log = {}
print(pcall(function() for i in range(3, "error") do error("boom " .. i) end end))
print(table.concat(log, " ")); log = {}
for i in range(2, "outer") do
  for j in range(2, "inner" .. i) do
    if j == 2 then goto continue end
  end
  ::continue::
end
print(table.concat(log, " ")); log = {}
-- hot loops: traced loops around loops with and without closing values
local total = 0
for k = 1, 300 do
  for i in range(3, "h") do total = total + i end
  for _, v in ipairs({ k, 1 }) do total = total + v end
  for key, v in pairs({ a = 1 }) do total = total + v end
end
print(total, #log); log = {}
local function scan(t, target)
  for i, v in ipairs(t) do if v == target then return i end end
  return -1
end
local hits = 0
for k = 1, 500 do hits = hits + scan({ 5, 6, 7, k % 9 }, 7) end
print(hits)
local function firstOver(n, limit)
  for i in range(n, "fo") do if i > limit then return i end end
end
local s = 0
for k = 1, 200 do s = s + (firstOver(10, k % 7) or 0) end
print(s, #log); log = {}
-- a <close> local before a loop that returns from inside it
local function early(n)
  local c <close> = closer("early" .. n)
  for i = 1, 10 do if i == n then return i end end
  return 0
end
local e = 0
for k = 1, 200 do e = e + early(k % 12) end
print(e, #log, log[1], log[#log]); log = {}
-- false and nil are no values to close; a number is an error
for i in iter, 2, 0, false do end
print(pcall(function() for i in iter, 2, 0, 42 do end end))
print(pcall(function() for i in iter, 2, 0, {} do end end))
