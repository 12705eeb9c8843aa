-- Pattern calls in loops the JIT traces: find with captures whose number and types change (a string,
-- a position, none), match, gmatch and gsub (which calls back into Lua) inside the loop.
local lines = {}
for i = 1, 300 do
  if i % 7 == 0 then lines[i] = "skip " .. i
  elseif i % 5 == 0 then lines[i] = "pos=" .. i
  else lines[i] = "key" .. i .. " = " .. (i * 3) end
end
local sum, found, pos, miss = 0, 0, 0, 0
for i = 1, #lines do
  local s, e, k, v = lines[i]:find("^(%a+)%d* = (%d+)$")
  if s then
    found = found + 1
    sum = sum + e + #k + tonumber(v)
  else
    local a, b, p = lines[i]:find("=()")
    if a then pos = pos + a + b + p else miss = miss + 1 end
  end
end
print(sum, found, pos, miss)
local acc = {}
for i = 1, 200 do
  local w = ("w" .. i):match("%d+")
  local n = 0
  for d in w:gmatch("%d") do n = n + d end
  local r, c = ("a-b-c"):gsub("%-", function() return i % 3 == 0 and "+" or nil end)
  acc[#acc + 1] = n .. r .. c
end
print(table.concat(acc, ",", 1, 12), #acc)
local t = 0
for i = 1, 500 do
  local x = ("item" .. i):match("^item(%d)(%d?)")
  t = t + tonumber(x)
  local y = ("  " .. i .. "  "):match("^%s*(.-)%s*$")
  t = t + #y
end
print(t)
