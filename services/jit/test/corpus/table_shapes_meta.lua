-- __index and __newindex fire for absent keys only; a field assigned nil is absent again, in the
-- interpreter and in hot loops (traces) alike. rawget/rawset/rawequal/rawlen bypass them.
local log = {}
local proto = { dflt = "from proto" }
local mt = {
  __index = function(t, k) log[#log + 1] = "get " .. k; return proto[k] end,
  __newindex = function(t, k, v) log[#log + 1] = "set " .. k; rawset(t, k, v) end,
}
local o = setmetatable({ present = 1 }, mt)
print(o.present, o.dflt, o.absent)
o.present = 2            -- present: no __newindex
o.fresh = 3              -- absent: __newindex
o.present = nil          -- present: raw clear, no __newindex
print(o.present)         -- absent again: __index
o.present = 4            -- absent again: __newindex
print(o.present, rawget(o, "present"), rawget(o, "dflt"))
print(table.concat(log, ","))

-- the same in a hot loop, the field toggling between present and absent
log = {}
local hits, misses = 0, 0
for i = 1, 300 do
  if i % 3 == 0 then o.present = nil end
  local v = o.present
  if v == nil or v == proto.present then misses = misses + 1 else hits = hits + 1 end
  if i % 3 == 0 then o.present = i end
end
print(hits, misses, #log)

-- __index as a table, reached only when the field is absent
local base = { x = "base x", y = "base y" }
local d = setmetatable({ x = "own x" }, { __index = base })
local acc = {}
for i = 1, 200 do
  if i == 100 then d.x = nil end
  if i == 150 then d.y = "own y" end
  acc[#acc + 1] = d.x .. "/" .. d.y
end
print(acc[1], acc[99], acc[100], acc[149], acc[150], acc[200])

-- rawset into a shape-mode table, rawget of cleared fields, rawequal, rawlen
local r = setmetatable({}, { __newindex = function() error("no!") end, __len = function() return 99 end })
for i = 1, 100 do rawset(r, "k" .. (i % 10), i) end
rawset(r, "k3", nil)
print(rawget(r, "k1"), rawget(r, "k3"), r.k9, #r, rawlen(r), rawequal(r, r), rawequal(r, {}))
print(pcall(function() r.k3 = 1 end))
r.k4 = 5 -- present: no __newindex
print(r.k4)

-- setmetatable in the middle of a hot loop reading a field that is absent
local s = { a = 1 }
local got = {}
for i = 1, 200 do
  if i == 120 then setmetatable(s, { __index = function(_, k) return k .. "!" end }) end
  got[#got + 1] = tostring(s.b)
end
print(got[119], got[120], got[200])

-- __newindex on a field cleared mid-loop
local count = 0
local w = setmetatable({ f = 0 }, { __newindex = function(t, k, v) count = count + 1; rawset(t, k, v) end })
for i = 1, 200 do
  w.f = i
  if i % 50 == 0 then w.f = nil end
end
print(count, w.f)
