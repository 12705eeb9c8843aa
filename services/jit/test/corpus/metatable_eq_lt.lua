local mt = {__eq = function(a, b) return a.v == b.v end, __lt = function(a, b) return a.v < b.v end,
  __le = function(a, b) return a.v <= b.v end}
local function mk(v) return setmetatable({v = v}, mt) end
local a, b, c = mk(1), mk(2), mk(1)
print(a == c, a ~= b, a < b, b > a, a <= c, b >= c, rawequal(a, c))
local list = {mk(3), mk(1), mk(2)}
table.sort(list)
print(list[1].v, list[2].v, list[3].v)
table.sort(list, function(x, y) return x > y end)
print(list[1].v, list[2].v, list[3].v)
