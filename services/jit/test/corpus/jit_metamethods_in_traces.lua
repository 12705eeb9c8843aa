-- Metamethods written in Lua, called from hot loops: arithmetic events with a table on either side,
-- __unm and __len, __index functions; metamethods that store (an upvalue counter) before a guard
-- fails inside them, metamethods called from inlined functions, replaced mid-loop, raising errors,
-- and operands that stop being tables.
local V = {}
V.__index = V
local made = 0
local function new(x, y)
  made = made + 1
  return setmetatable({ x = x, y = y }, V)
end
V.__add = function(a, b) return new(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return new(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b)
  if type(a) == "number" then return new(a * b.x, a * b.y) end
  return new(a.x * b, a.y * b)
end
V.__div = function(a, k) return new(a.x / k, a.y / k) end
V.__idiv = function(a, k) return new(a.x // k, a.y // k) end
V.__mod = function(a, k) return new(a.x % k, a.y % k) end
V.__unm = function(a) return new(-a.x, -a.y) end
V.__len = function(a) return a.x * a.x + a.y * a.y end

local acc = new(0, 0)
local lens = 0
for i = 1, 300 do
  local p = new(i % 7, i % 5)
  acc = acc + p * 2 - (3 * p) // 2
  acc = -(-acc) % 1000
  lens = lens + #p
  if i % 50 == 0 then print(i, acc.x, acc.y, lens) end
end
print("made", made)
-- __len and __unm get the operand twice
local twice = setmetatable({}, { __len = function(a, b) return b ~= nil and 1 or 0 end,
  __unm = function(a, b) return b ~= nil and 2 or 0 end })
local tw = 0
for _ = 1, 100 do tw = tw + #twice + -twice end
print("twice", tw)

-- the second value becomes a float partway: a guard fails inside __add after its counter was stored
local calls = 0
local W = {}
W.__add = function(a, b)
  calls = calls + 1
  local s = a.v + b.v
  return setmetatable({ v = s }, W)
end
local steps = {}
for i = 1, 200 do steps[i] = setmetatable({ v = (i > 120) and 0.5 or 1 }, W) end
local w = setmetatable({ v = 0 }, W)
for i = 1, 200 do
  w = w + steps[i]
end
print("w", w.v, calls)
-- the same from an inlined function: the interpreter finishes __add, then the function
local function wadd(a, b) return a + b end
local w2 = setmetatable({ v = 0 }, W)
for i = 1, 200 do
  w2 = wadd(w2, steps[i])
end
print("w2", w2.v, calls)

-- a metamethod reached from an inlined function, and the operand turning into a number
local function combine(a, b) return a + b end
local total = new(0, 0)
for i = 1, 200 do
  local q = (i % 67 == 0) and 1 or new(1, i)
  if type(q) == "number" then total = combine(total, new(q, q)) else total = combine(total, q) end
end
print("total", total.x, total.y)

-- __index functions: defaults, computed fields, a key that appears later, nil results
local defaults = { color = "red", size = 2 }
local hits = 0
local D = { __index = function(t, k)
  hits = hits + 1
  if k == "area" then return t.w * t.h end
  return defaults[k]
end }
local sum, colors = 0, 0
for i = 1, 250 do
  local o = setmetatable({ w = i, h = 2 }, D)
  if i > 200 then o.size = 10 end
  sum = sum + o.size + o.area
  if o.color == "red" then colors = colors + 1 end
  if o.missing == nil then sum = sum + 1 end
end
print("index", sum, colors, hits)
-- objects made beforehand: the key present in some, another metatable for others
local D2 = { __index = function(t, k) return -t.w end }
local objs = {}
for i = 1, 250 do
  local o = (i > 200) and { w = i, h = 2, size = 10 } or { w = i, h = 2 }
  objs[i] = setmetatable(o, (i % 40 == 0) and D2 or D)
end
local osum = 0
for i = 1, 250 do
  local o = objs[i]
  osum = osum + o.size
end
print("objects", osum, hits)

-- __index functions with keys in variables: a memoising table (misses, then raw hits), a sparse
-- array with a default, string keys computed in the loop, and methods found by SELF
local computed = 0
local memo = setmetatable({ [1] = 1, [2] = 1 }, { __index = function(t, n)
  computed = computed + 1
  local v = (n * n) % 1009
  t[n] = v
  return v
end })
local ms = 0
for r = 1, 400 do ms = ms + memo[r % 90 + 1] end
local grid = setmetatable({}, { __index = function() return -1 end })
for j = 1, 300, 7 do grid[j] = j end
for j = 1, 300 do ms = ms + grid[j] end
local names = setmetatable({ k3 = 3 }, { __index = function(_, k) return #k end })
for j = 1, 100 do ms = ms + names["k" .. (j % 5)] end
local Base = { twice = function(self) return self.n * 2 end }
local Obj = { __index = function(_, k) return Base[k] end }
for j = 1, 150 do
  local o = setmetatable({ n = j }, Obj)
  if j > 120 then o.twice = function(self) return -self.n end end
  ms = ms + o:twice()
end
print("keys", ms, computed)

-- __newindex functions: a proxy logging its new keys, a table counting them (rawset stores), keys
-- that are present already (raw stores, however __newindex is), and rawget beside them
local logged, store = 0, {}
local proxy = setmetatable({}, {
  __index = function(_, k) return store[k] end,
  __newindex = function(_, k, v)
    logged = logged + 1
    store[k] = v
  end,
})
local ns = 0
for j = 1, 300 do
  proxy[j % 50] = j
  proxy.last = j
  ns = ns + (proxy[(j * 7) % 50] or 0) + proxy.last % 3
end
local count = 0
local counted = setmetatable({}, { __newindex = function(t, k, v)
  count = count + 1
  rawset(t, k, type(v) == "number" and v * 2 or v)
end })
for j = 1, 300 do
  counted[j % 40] = j
  if j % 3 == 0 then counted.name = "n" .. j end
  ns = ns + rawget(counted, j % 40) + #(rawget(counted, "name") or "")
end
local forward = {}
local fwd = setmetatable({}, { __newindex = forward })
for j = 1, 100 do
  fwd[j % 10] = j
  if j % 10 == 0 then rawset(fwd, j % 10, 1.5) end
end
print("newindex", ns, logged, count, forward[3], rawget(fwd, 0), rawget(fwd, 3))

-- __call: classes called to construct, functors with state, a handler that stores before a guard
-- fails in it, one the recorder cannot follow (pcall) before any store, and a table without __call
local Point = setmetatable({}, { __call = function(cls, x, y) return setmetatable({ x = x, y = y }, cls) end })
Point.__index = Point
function Point:len2() return self.x * self.x + self.y * self.y end
local cs = 0
for j = 1, 200 do cs = cs + Point(j % 10, (j > 150) and 0.5 or 3):len2() end
local calls2 = 0
local scaled = {}
for j = 1, 200 do scaled[j] = (j > 140) and j + 0.25 or j end
local functor = setmetatable({ k = 3 }, { __call = function(self, v)
  calls2 = calls2 + 1
  return v * self.k
end })
for j = 1, 200 do cs = cs + functor(scaled[j]) end
local fmt = getmetatable(functor)
for j = 1, 100 do
  if j == 70 then fmt.__call = function(self, v) return v - self.k end end
  cs = cs + functor(j)
end
local wrapped = setmetatable({}, { __call = function(_, v)
  local ok, r = pcall(tostring, v)
  return ok and #r or 0
end })
for j = 1, 100 do cs = cs + wrapped(j) end
local notcallable = setmetatable({}, {})
local okc = 0
for j = 1, 50 do
  local ok = pcall(function() return notcallable(j) end)
  if not ok then okc = okc + 1 end
end
print("call", cs, calls2, okc)

-- the metatable's __add replaced mid-loop
local C = {}
C.__add = function(a, b) return a.n + b end
local c = setmetatable({ n = 5 }, C)
local cs = 0
for i = 1, 100 do
  if i == 60 then C.__add = function(a, b) return a.n * b end end
  cs = cs + (c + i)
end
print("replaced", cs)

-- comparisons: __eq between different tables, __lt and __le, with numbers on either side, as
-- values and as conditions; results that are not booleans; a guard failing after a store inside
local P = {}
local compares = 0
P.__eq = function(a, b)
  compares = compares + 1
  return a.k == b.k
end
P.__lt = function(a, b)
  compares = compares + 1
  local x = type(a) == "table" and a.k or a
  local y = type(b) == "table" and b.k or b
  if x < y then return 1 end
  return nil
end
P.__le = function(a, b)
  compares = compares + 1
  return a.k + 0 <= b.k + 0
end
local ps = {}
for i = 1, 200 do ps[i] = setmetatable({ k = (i > 150) and i + 0.5 or i % 17 }, P) end
local eqs, lts, les, vals = 0, 0, 0, 0
local same = ps[3]
for i = 2, 200 do
  local p, q = ps[i], ps[i - 1]
  if p == q then eqs = eqs + 1 end
  if p ~= ps[(i + 16) % 200 + 1] then eqs = eqs + 2 end
  if p == same then eqs = eqs + 4 end
  if p < q then lts = lts + 1 end
  if not (q < 9) then lts = lts + 2 end
  if 5 < p then lts = lts + 4 end
  if p <= q then les = les + 1 end
  local v = p < q
  if v then vals = vals + 1 end
end
print("compare", eqs, lts, les, vals, compares)
-- a small loop: its exits inside __le (after the store) get side paths that start there
local small = 0
for i = 2, 200 do
  if ps[i] <= ps[i - 1] then small = small + 1 end
end
print("small", small, compares)
-- results that vary without a branch inside the metamethod: only the guard on the result sees them
local F = { __lt = function(a, b) return a.flag end }
local fs = {}
for i = 1, 200 do fs[i] = setmetatable({ flag = (i % 3 == 0) or (i > 120 and i % 2 == 0) }, F) end
local fl = 0
for i = 1, 200 do
  if fs[i] < F then fl = fl + 1 else fl = fl + 100 end
end
print("flags", fl)
-- __le missing: lua5.4 (LUA_COMPAT_LT_LE) tries not (b < a)
local Q = { __lt = function(a, b) return a.k < b.k end }
local qle = 0
for i = 1, 60 do
  local a, b = setmetatable({ k = i % 7 }, Q), setmetatable({ k = i % 5 }, Q)
  if a <= b then qle = qle + 1 end
end
print("le by lt", qle)
-- tables without __eq compare by identity, with or without metatables
local R = {}
local r1, r2 = setmetatable({}, R), setmetatable({}, R)
local ids = 0
for i = 1, 100 do
  local x = (i % 3 == 0) and r1 or r2
  if x == r1 then ids = ids + 1 end
  if x ~= r2 then ids = ids + 10 end
end
print("identity", ids)

-- errors raised inside metamethods, after they stored: the loop runs under pcall
local E = {}
local ecalls = 0
E.__add = function(a, b)
  ecalls = ecalls + 1
  return a.n + b.k
end
local scales = {}
for i = 1, 100 do scales[i] = i end
E.__index = function(t, k)
  ecalls = ecalls + 1
  return scales[t.id] * 2
end
local e = setmetatable({ n = 1 }, E)
local function run(limit)
  local s = 0
  for i = 1, 100 do
    local b = setmetatable({ k = (i ~= limit) and i or nil, id = i }, E)
    s = s + (e + b) + b.twice
  end
  return s
end
for _, limit in ipairs({ 0, 30, 77 }) do
  print("errors", limit, pcall(run, limit))
end
scales[50] = nil
print("errors", pcall(run, 0))
print("ecalls", ecalls)
