-- Errors raised inside inlined callees after they stored something: same message, line, error
-- level and pcall behaviour as lua5.4, and the stores before the error happen exactly once.
local function acc(r, v)
  r.n = r.n + 1
  r.sum = r.sum + v
  return r.sum
end
local r = { n = 0, sum = 0 }
print(pcall(function()
  for i = 1, 200 do
    local v = i
    if i == 120 then v = {} end
    acc(r, v)
  end
end))
print(r.n, r.sum)

-- error(msg, 2) blames the caller's line
local function check(t, v)
  t.seen = (t.seen or 0) + 1
  if v > 250 then error('too big: ' .. v, 2) end
  return v
end
local w = {}
print(pcall(function()
  local s = 0
  for i = 1, 300 do
    s = s + check(w, i)
  end
  return s
end))
print(w.seen)

-- indexing nil inside the callee names the field
local function idx(t, v)
  t.k = v
  return t.sub.x
end
local tt = { sub = { x = 1 } }
print(pcall(function()
  local s = 0
  for i = 1, 300 do
    if i == 280 then tt.sub = nil end
    s = s + idx(tt, i)
  end
  return s
end))
print(tt.k)

-- uncaught: the message and exit status of lua5.4
local function boom(t, v)
  t.z = v
  if v == 290 then
    local n = nil
    return n + 1
  end
  return v
end
local bt = {}
for i = 1, 300 do boom(bt, i) end
