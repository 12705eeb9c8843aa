-- Binary trees (benchmarks game): allocation of many small tables and recursion.
local N = tonumber(arg and arg[1]) or 15

local function bottomUpTree(depth)
  if depth > 0 then
    depth = depth - 1
    local left, right = bottomUpTree(depth), bottomUpTree(depth)
    return { left, right }
  else
    return {}
  end
end

local function itemCheck(tree)
  if tree[1] then
    return 1 + itemCheck(tree[1]) + itemCheck(tree[2])
  else
    return 1
  end
end

local mindepth = 4
local maxdepth = mindepth + 2
if maxdepth < N then maxdepth = N end

do
  local stretchdepth = maxdepth + 1
  local stretchtree = bottomUpTree(stretchdepth)
  io.write(string.format("stretch tree of depth %d\t check: %d\n", stretchdepth, itemCheck(stretchtree)))
end

local longlivedtree = bottomUpTree(maxdepth)

for depth = mindepth, maxdepth, 2 do
  local iterations = 2 ^ (maxdepth - depth + mindepth)
  local check = 0
  for _ = 1, iterations do
    check = check + itemCheck(bottomUpTree(depth))
  end
  io.write(string.format("%d\t trees of depth %d\t check: %d\n", iterations, depth, check))
end

io.write(string.format("long lived tree of depth %d\t check: %d\n", maxdepth, itemCheck(longlivedtree)))
