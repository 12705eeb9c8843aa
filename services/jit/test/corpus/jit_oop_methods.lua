-- Objects with metatables in traced loops: methods found through __index tables (a class, its base
-- classes), fields set on objects whose metatable has no __newindex, and everything that can change
-- under a trace: the object's metatable, the class's methods, __index itself, a __newindex added.

local Base = {}
Base.__index = Base
function Base:kind() return "base" end
function Base:value() return self.v end
function Base:bump(d) self.v = self.v + d; self.count = (self.count or 0) + 1 end

local Mid = setmetatable({}, { __index = Base })
Mid.__index = Mid
function Mid:kind() return "mid" end

local Leaf = setmetatable({}, { __index = Mid })
Leaf.__index = Leaf
function Leaf:twice() return 2 * self:value() end

local function new(cls, v) local o = setmetatable({ v = v }, cls); return o end

-- One, two and three tables up the chain; a field absent everywhere reads nil.
local objs = {}
for i = 1, 30 do
  local cls = (i % 3 == 0) and Base or (i % 3 == 1) and Mid or Leaf
  objs[i] = new(cls, i)
end
local s, kinds, missing = 0, {}, 0
for r = 1, 200 do
  for i = 1, #objs do
    local o = objs[i]
    o:bump(r % 3)
    s = s + o:value()
    kinds[o:kind()] = (kinds[o:kind()] or 0) + 1
    if o.nothing == nil then missing = missing + 1 end
  end
end
print("chain", s, kinds.base, kinds.mid, missing, objs[1].count, objs[3].v)

local leaves = {}
for i = 1, 20 do leaves[i] = new(Leaf, i) end
local t = 0
for r = 1, 300 do
  for i = 1, #leaves do t = t + leaves[i]:twice() end
end
print("deep", t)

-- Changes under a running trace.
local P = {}
P.__index = P
function P:get() return self.x end
local Q = {}
Q.__index = Q
function Q:get() return -self.x end
local ps = {}
for i = 1, 40 do ps[i] = setmetatable({ x = i }, P) end
local acc = 0
for r = 1, 120 do
  if r == 30 then setmetatable(ps[5], Q) end             -- another metatable
  if r == 50 then function P:get() return self.x * 10 end end   -- method replaced
  if r == 70 then ps[7].get = function() return 1000 end end   -- shadowed on the object
  if r == 90 then P.__index = Q end                        -- __index retargeted
  if r == 100 then P.__index = function(_, k) return k == "get" and function() return 7 end or nil end end
  for i = 1, #ps do acc = acc + ps[i]:get() end
end
print("changes", acc)

-- Stores: existing and new fields, then a __newindex added to the metatable mid-loop.
local C = {}
C.__index = C
local log = {}
local cs = {}
for i = 1, 20 do cs[i] = setmetatable({ n = 0 }, C) end
for r = 1, 150 do
  if r == 100 then C.__newindex = function(tt, k, v) log[#log + 1] = k; rawset(tt, k, v) end end
  for i = 1, #cs do
    local c = cs[i]
    c.n = c.n + 1
    c.last = r
    c.tmp = r      -- absent again at every trip (set to nil below): __newindex runs once it exists
    c.tmp = nil
    if r > 120 then c["extra" .. (r % 2)] = r end
  end
end
print("stores", cs[1].n, cs[20].last, cs[3].extra0, cs[3].extra1, #log)

-- __index that is not a table, or a chain longer than the JIT follows, or a loop.
local StrIdx = setmetatable({}, { __index = string })
local n = 0
for i = 1, 100 do n = n + #StrIdx.rep("a", i % 4) end
print("string lib", n)
local L1 = { deep = 1 }
L1.__index = L1
local L2 = setmetatable({}, L1); L2.__index = L2
local L3 = setmetatable({}, L2); L3.__index = L3
local L4 = setmetatable({}, L3); L4.__index = L4
local L5 = setmetatable({}, L4)
local d = 0
for i = 1, 200 do d = d + L5.deep end
print("long chain", d)

-- A method that is missing: the error names it, from the interpreter.
local ok, err = pcall(function()
  local total = 0
  for i = 1, 100 do
    local o = objs[(i % 30) + 1]
    total = total + ((i < 90) and o:value() or o:nope())
  end
  return total
end)
print(ok, err)

-- Elements of objects: integer keys and string keys held in variables, into tables with a metatable;
-- then a __newindex added to that metatable mid-loop.
local Arr = {}
Arr.__index = Arr
function Arr:set(i, v) self[i] = v end
function Arr:tag(k, v) self[k] = v end
local arrs = {}
for i = 1, 10 do arrs[i] = setmetatable({}, Arr) end
local seenNew = 0
for r = 1, 200 do
  if r == 150 then Arr.__newindex = function(t2, k, v) seenNew = seenNew + 1; rawset(t2, k, v) end end
  for i = 1, #arrs do
    local o = arrs[i]
    if i % 2 == 0 then
      o:set(r, r * i)
      o:tag("k" .. (r % 3), r)
    else
      o[r] = r * i               -- stored directly: only the store's own guards see __newindex
      o["k" .. (r % 3)] = r
    end
  end
end
print("elements", #arrs[1], arrs[3][200], arrs[10].k2, seenNew)
