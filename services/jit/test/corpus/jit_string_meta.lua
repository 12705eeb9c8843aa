-- The string metatable changing under traced method calls: __index replaced by another table or a
-- function, a method redefined, __tostring added (tostring and %s then call it).
local mt = getmetatable("")
local orig = mt.__index
local n = 0
for i = 1, 300 do
  n = n + ("abc"):len() + ("xyz"):byte(2)
  if i == 100 then string.len = function(s) return 1000 end end
  if i == 150 then string.len = orig.rep == nil and nil or rawget(orig, "reverse") == nil and 0 or string.len end
  if i == 200 then mt.__index = { len = function() return -1 end, byte = function() return 7 end } end
  if i == 250 then mt.__index = function(s, k) return function() return #k end end end
end
print(n)
mt.__index = orig

local parts = {}
for i = 1, 200 do
  parts[#parts + 1] = tostring("s" .. i % 10) .. string.format("%s/%s", "x", i % 3)
  if i == 120 then mt.__tostring = function(s) return "<" .. #s .. ">" end end
end
print(table.concat(parts, " ", 110, 130))
mt.__tostring = nil

-- A method lookup inside an inlined function, the library table itself changed.
local function up(s) return s:upper() end
local out = {}
for i = 1, 200 do
  out[#out + 1] = up("ab" .. i % 10)
  if i == 150 then orig.upper = function(s) return "U" .. s end end
end
print(table.concat(out, ",", 140, 160))
