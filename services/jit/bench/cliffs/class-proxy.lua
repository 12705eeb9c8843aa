-- Performance cliff (BENCHMARKS.md, 2026-12-02 00:40): a class called to construct its objects
-- (`Point(x, y)` through __call, as class libraries do) and a proxy table whose reads and writes go to
-- __index and __newindex functions. The recorder aborted at the call of a table and at __newindex, and
-- both loops were interpreted.
local Point = setmetatable({}, {
  __call = function(cls, x, y) return setmetatable({ x = x, y = y }, cls) end,
})
Point.__index = Point
function Point:len2() return self.x * self.x + self.y * self.y end
local n = tonumber(arg and arg[1]) or 1000000
local s = 0
for i = 1, n do
  local p = Point(i % 10, 3)
  s = s + p:len2()
end
local writes, store = 0, {}
local proxy = setmetatable({}, {
  __index = function(_, k) return store[k] end,
  __newindex = function(_, k, v)
    writes = writes + 1
    store[k] = v
  end,
})
for i = 1, n do
  proxy[i % 1000] = i
  s = s + (proxy[(i * 7) % 1000] or 0) % 7
end
print(s, writes)
