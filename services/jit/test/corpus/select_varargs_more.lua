-- select with '#' and negative indices, varargs passed through several levels
local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
print(select(-1, 1, 2, 3), select(-3, 1, 2, 3))
print(select(2, "a", "b", "c"))
print((select(2, "a", "b", "c")))
print(select(4, "a", "b", "c"))
print(select(100, 1))
print(pcall(select, -4, 1, 2, 3))
print(pcall(select, 0, 1))
print(pcall(select, "x"))
print(select("2", "a", "b"))
print(select(2.0, "a", "b"))
print(pcall(select, 1.5, "a"))
local function last(...) if select('#', ...) == 0 then return nil end return (select(-1, ...)) end
print(last(1, 2, 3), last(), last(nil), last(1, nil))
-- forwarding varargs keeps trailing nils
local function fwd(...) return ... end
local function fwd2(...) return fwd(...) end
print(count(fwd2(1, nil, nil)))
print(count(fwd2()))
-- varargs truncated in the middle of an expression list
print(count(fwd(1, 2, 3), 10))
print(count(10, fwd(1, 2, 3)))
print(count((fwd(1, 2, 3))))
-- table constructors with varargs
local function pack2(...) return {...}, {n = select('#', ...), ...} end
local a, b = pack2(1, nil, 3)
print(#b == 3 or #b == 1, b.n, a[3], b[3])
-- varargs in a loop: select each one
local function each(...)
  local out = {}
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    out[#out + 1] = tostring(v)
  end
  return table.concat(out, "|")
end
print(each(1, nil, "x", false, 2.5))
-- table.unpack with explicit ranges
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 5))
print(table.unpack({1, 2, 3}, 3, 2))
print(table.unpack({1, 2, 3}, -1, 1))
print(count(table.unpack({}, 1, 3)))
