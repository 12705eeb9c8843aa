-- a table variable becomes nil at some iteration; indexing it then fails
local t = {n = 1}
for i = 1, 5 do
  if i == 3 then t = nil end
  local ok, r = pcall(function() return t.n end)
  print(i, ok, r)
end

-- a linked list walked until the node becomes nil
local list = nil
for i = 1, 5 do list = {v = i, next = list} end
local node, sum = list, 0
while node do
  sum = sum + node.v
  node = node.next
end
print("sum", sum, node)

-- a field that changes type: table -> number -> string -> nil -> function
local holder = {}
local kinds = {
  function() return {1, 2, 3} end,
  function() return 42 end,
  function() return "str" end,
  function() return nil end,
  function() return function() return "called" end end,
}
for i, make in ipairs(kinds) do
  holder.x = make()
  local lenok, len = pcall(function() return #holder.x end)
  local callok, res = pcall(function() return holder.x() end)
  print(i, type(holder.x), lenok, len, callok, res)
end

-- tables replaced by nil inside nested loops
local grid = {}
for r = 1, 3 do
  grid[r] = {}
  for c = 1, 3 do grid[r][c] = r * c end
end
grid[2] = nil
for r = 1, 3 do
  local row = grid[r]
  local ok, err = pcall(function()
    local s = 0
    for c = 1, 3 do s = s + row[c] end
    return s
  end)
  print(r, ok, err)
end
