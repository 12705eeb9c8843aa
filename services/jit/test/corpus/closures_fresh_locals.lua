-- every loop iteration creates a fresh local, so closures capture different variables
local fs = {}
for i = 1, 3 do fs[#fs + 1] = function() return i end end
for _, k in ipairs({"a", "b"}) do fs[#fs + 1] = function() return k end end
for k, v in pairs({x = 1}) do fs[#fs + 1] = function() return k .. v end end
local j = 0
while j < 3 do
  j = j + 1
  local jj = j * 10
  fs[#fs + 1] = function() jj = jj + 1; return jj end
end
local r = 0
repeat
  local rr = r
  fs[#fs + 1] = function() return rr end
  r = r + 1
until rr >= 1
local out = {}
for i, f in ipairs(fs) do out[i] = tostring(f()) end
print(table.concat(out, " "))
-- call the while closures again: each has its own counter
print(fs[7](), fs[7](), fs[8](), fs[9]())

-- closures created in nested loops capture both loop variables
local grid = {}
for a = 1, 3 do
  for b = 1, 2 do
    grid[#grid + 1] = function() return a * 10 + b end
  end
end
out = {}
for i, f in ipairs(grid) do out[i] = f() end
print(table.concat(out, " "))

-- a closure modifying its captured loop variable does not affect the loop
local mods = {}
for i = 1, 3 do
  mods[i] = function() i = i + 100; return i end
  mods[i]()
end
print(mods[1](), mods[2](), mods[3]())

-- a local declared before the loop is shared by all closures
local shared = 0
local adders = {}
for i = 1, 3 do adders[i] = function() shared = shared + i; return shared end end
print(adders[1](), adders[2](), adders[3](), shared)

-- closures that capture a loop variable and escape through goto continue
local saved = {}
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  do
    local sq = i * i
    saved[#saved + 1] = function() return sq end
  end
  ::continue::
end
out = {}
for i, f in ipairs(saved) do out[i] = f() end
print(table.concat(out, " "))

-- three levels of nesting, each level capturing the one above
local function outer(x)
  return function(y)
    return function(z)
      x = x + 1
      return x + y + z
    end
  end
end
local mid = outer(1)
local in1, in2 = mid(10), mid(20)
print(in1(100), in2(100), in1(100))
