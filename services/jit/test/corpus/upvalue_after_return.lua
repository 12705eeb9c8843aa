local function mk()
  local items = {}
  local function add(x) items[#items + 1] = x end
  local function list() return table.concat(items, ",") end
  return add, list
end
local add, list = mk()
add("a"); add("b"); add(3)
print(list())
local add2, list2 = mk()
add2("z")
print(list(), list2())
