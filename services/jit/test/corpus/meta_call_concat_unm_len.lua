-- __call receives the object followed by the arguments
local callable = setmetatable({tag = "C"}, {__call = function(self, a, b) return self.tag, a, b end})
print(callable(1, 2))
print(callable())
local okC, tagC, selfC, xC = pcall(callable, "x")
print(okC, tagC, selfC, xC)
local function multi() return 1, 2, 3 end
print(callable(multi()))
print(select('#', callable(nil, nil)))
-- a method call through __call on a field
local holder = {f = callable}
print(holder.f("z"))
local h1, h2, h3 = holder:f()
print(h1, h2 == holder, h3)

-- __concat on either side, and in chains (right associative)
local C = {}
C.__concat = function(a, b)
  local x = type(a) == "table" and ("[" .. a.v .. "]") or tostring(a)
  local y = type(b) == "table" and ("[" .. b.v .. "]") or tostring(b)
  return x .. y
end
local c1 = setmetatable({v = 1}, C)
local c2 = setmetatable({v = 2}, C)
print(c1 .. "s", "s" .. c1, 3 .. c1, c1 .. c2)
print("a" .. c1 .. "b" .. c2 .. "c")
print(1 .. 2 .. c1)
print(pcall(function() return c1 .. nil end))
print(pcall(function() return {} .. c1 end))

-- __unm, and unary minus on strings (coercion)
local V = {}
V.__unm = function(a) return setmetatable({x = -a.x}, V) end
local v = setmetatable({x = 5}, V)
print((-v).x, (-(-v)).x, -"3", -"3.5", - -2)
print(pcall(function() return -{} end))

-- __len may return anything
local lens = {
  setmetatable({}, {__len = function() return 7 end}),
  setmetatable({1, 2}, {__len = function(t) return rawlen(t) * 10 end}),
  setmetatable({}, {__len = function() return "long" end}),
  setmetatable({}, {__len = function() return 2.5 end}),
  setmetatable({}, {__len = function() return nil end}),
}
for i, t in ipairs(lens) do print(i, #t) end
-- __len is not used by rawlen or by ipairs
print(rawlen(lens[1]), select('#', ipairs(lens[1])))

-- calling a value with no __call
print(pcall(function() local t = {}; t() end))
print(pcall(function() local t = setmetatable({}, {}); t() end))
