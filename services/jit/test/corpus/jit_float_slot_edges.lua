-- Float slots at their edges: slots past the 31 a shape's float mask covers, shapes past the transition
-- cap, __index/__newindex/rawset, sort comparators, pairs while fields change kind, -0.0, 2^63,
-- infinities and NaN (each checked against lua5.4 in every JIT mode).
local function kind(v) return tostring(v) .. ":" .. (math.type(v) or type(v)) end
-- beyond 31 keys: late float slots
local big = {}
for i = 1, 40 do big["f" .. i] = (i % 3 == 0) and i * 1.0 or (i % 3 == 1 and i or i + 0.5) end
for r = 1, 30 do for i = 1, 40 do local k = "f" .. i; big[k] = big[k] + ((i % 2 == 0) and 1 or 1.0) end end
local acc = {}
for i = 1, 40 do acc[#acc + 1] = kind(big["f" .. i]) end
print(table.concat(acc, " "))
-- many transitions from one shape (past MAX_TRANSITIONS): ints and floats for the same keys
local objs = {}
for i = 1, 100 do
  local o = {}
  o["k" .. (i % 40)] = (i % 2 == 0) and 2.0 or 2
  o.z = i * 0.5
  objs[i] = o
end
for r = 1, 20 do
  for i = 1, 100 do
    local o = objs[i]
    o.z = o.z + 1.0
    local k = "k" .. (i % 40)
    o[k] = o[k] * 1.0 + ((r % 5 == 0) and 1 or 0)
  end
end
acc = {}
for i = 1, 100, 7 do local o = objs[i]; acc[#acc + 1] = kind(o.z) .. "/" .. kind(o["k" .. (i % 40)]) end
print(table.concat(acc, " "))
-- rawset/rawget, __index to a table of floats, __newindex
local proto = { scale = 2.0, base = 1 }
local mt = { __index = proto }
local inst = setmetatable({}, mt)
local s = 0
for i = 1, 100 do s = s + inst.scale * i + inst.base; if i == 50 then proto.scale = 3 end; if i == 60 then proto.scale = 4.0 end end
print(kind(s), kind(rawget(proto, "scale")))
rawset(proto, "scale", 5.0); print(kind(proto.scale))
local log = {}
local guarded = setmetatable({}, { __newindex = function(t, k, v) log[#log + 1] = kind(v); rawset(t, k, v) end })
for i = 1, 5 do guarded["x" .. i] = i * 1.0 end
guarded.x1 = 7
print(table.concat(log, " "), kind(guarded.x1), kind(guarded.x2))
-- sort by float fields
local items = {}
for i = 1, 50 do items[i] = { w = ((i * 37) % 50) * 1.0, id = i } end
table.sort(items, function(a, b) return a.w < b.w end)
print(kind(items[1].w), items[1].id, kind(items[50].w), items[50].id)
-- next while fields change kind
local t = { a = 1.0, b = 2.0, c = 3.0 }
local seen = {}
for k, v in pairs(t) do seen[#seen + 1] = k .. "=" .. kind(v); t[k] = 1 end
table.sort(seen)
print(table.concat(seen, " "), kind(t.a), kind(t.b))
-- -0.0 and huge integral floats in float slots
local z = { v = 0.5 }
for i = 1, 30 do z.v = (i % 2 == 0) and -0.0 or 2^60 end
print(kind(z.v), 1 / (z.v - z.v + -0.0))
z.v = -0.0; print(1 / z.v, kind(z.v))
z.v = 2^63; print(kind(z.v), math.type(z.v))
-- a field holding math.huge, -inf, nan then an int
local w = { v = 1.5 }
for _, x in ipairs({ math.huge, -math.huge, 0 / 0, 3, 4.0 }) do w.v = x; print(kind(w.v)) end
