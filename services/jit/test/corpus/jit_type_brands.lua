-- Table and function guards on values of every other type (strings, numbers, booleans, threads,
-- natives, callable tables): traces test a prototype brand, not instanceof.
local vals = {}
for i = 1, 60 do vals[i] = {v = i} end
vals[61] = "str"; vals[62] = 5; vals[63] = 2.5; vals[64] = true; vals[65] = coroutine.create(print); vals[66] = print; vals[67] = function() end
vals[68] = {v = 1}; vals[69] = setmetatable({}, {__index = function() return 7 end})
local s = 0
for i = 1, #vals do
  local t = vals[i]
  if type(t) == "table" then s = s + t.v else s = s + 1 end
end
print(s)
local f = 0
for i = 1, #vals do
  local t = vals[i]
  local ok = pcall(function() return t.v end)
  if ok then f = f + 1 end
end
print(f)
local fs = {}
for i = 1, 50 do fs[i] = function() return i end end
fs[51] = {}; fs[52] = setmetatable({}, {__call = function() return 100 end}); fs[53] = math.abs
local c = 0
for i = 1, #fs do local ok, r = pcall(fs[i], -3); c = c + (ok and r or 0) end
print(c)
