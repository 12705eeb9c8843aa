-- __lt and __le on tables; 5.4 does not derive __le from __lt
local V = {}
V.__lt = function(a, b) return a.v < b.v end
local function new(v) return setmetatable({v = v}, V) end
local a, b = new(1), new(2)
print(a < b, b < a, a > b, b > a)
print(pcall(function() return a <= b end))
V.__le = function(a2, b2) return a2.v <= b2.v end
print(a <= b, b <= a, a >= b, new(3) >= new(3))

-- results are converted to booleans
local W = {__lt = function() return 1 end, __le = function() return nil end}
local w1, w2 = setmetatable({}, W), setmetatable({}, W)
print(w1 < w2, w1 <= w2, not (w1 < w2))

-- mixed table/number comparisons use the metamethod of either operand
local M = {__lt = function(x, y)
  local xv = type(x) == "table" and x.v or x
  local yv = type(y) == "table" and y.v or y
  return xv < yv
end}
local m = setmetatable({v = 5}, M)
print(m < 10, 3 < m, pcall(function() return m <= 10 end))

-- sorting with __lt
local list = {new(3), new(1), new(2), new(5), new(4)}
table.sort(list)
local out = {}
for i, x in ipairs(list) do out[i] = x.v end
print(table.concat(out, " "))

-- comparing numbers and strings: no coercion, an error
print(pcall(function() return 1 < "2" end))
print(pcall(function() return "1" <= 2 end))
print(pcall(function() return {} < 1 end))
print(pcall(function() return nil < nil end))
print(pcall(function() local x = true; return x >= false end))

-- string comparison is bytewise
print("a" < "b", "a" < "ab", "Z" < "a", "" < "a", "a\0b" < "a\0c", "\255" > "a")
-- int/float comparisons are exact
print(2^53 < 2^53 + 1, math.maxinteger < 2^63, math.maxinteger + 0.0 == 2^63, 1 == 1.0)
print(math.mininteger <= -2^63, -0.0 == 0, 0/0 < 0/0, 0/0 >= 0/0)
