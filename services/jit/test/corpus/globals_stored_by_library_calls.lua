-- A loop reading a global that a library call in the same loop stores: rawset(_G, ...) assigns it, so
-- the read cannot be made once before the loop (the JIT hoisted it when only table stores counted).
x = 0
local s = 0
for i = 1, 100 do
  s = s + x
  rawset(_G, "x", i)
end
print(s, x)

-- The same through a metatable on _G, and with the global read after the store.
setmetatable(_G, { __newindex = function(t, k, v) rawset(t, k, v) end })
y = 1
local s2 = 0
for i = 1, 100 do
  rawset(_G, "y", i * 2)
  s2 = s2 + y
end
print(s2, y)
setmetatable(_G, nil)

-- table.insert and table.remove on the globals table store too (integer keys beside the names).
z = 5
local s3 = 0
for i = 1, 50 do
  s3 = s3 + z
  table.insert(_G, i)
  if i % 7 == 0 then rawset(_G, "z", z + table.remove(_G)) end
end
print(s3, z, #_G)

-- Integer keys stored into _G leave its names as they were: the read of w may be made once.
w = 3
local s4 = 0
for i = 1, 60 do
  s4 = s4 + w
  table.insert(_G, i)
  if i % 2 == 0 then table.remove(_G) end
end
print(s4, w, #_G)
