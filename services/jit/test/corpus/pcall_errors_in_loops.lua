-- Errors caught by pcall inside hot loops: raised by error() at several levels, by the interpreter's
-- own operations, by natives (which give no position), by metamethods and sort comparators, with
-- non-string error values, rethrown through nested pcalls, and handled by xpcall.
local function parse(s)
  local n = tonumber(s)
  if not n then error("bad number: " .. s) end
  return n
end
local function caller(s) return parse(s) end
local function level2(s)
  local n = tonumber(s)
  if not n then error("level 2: " .. s, 2) end
  return n
end

local ok, bad, sum, last = 0, 0, 0, nil
for i = 1, 300 do
  local s = (i % 7 == 0) and "x" .. i or tostring(i % 100)
  local good, v = pcall(caller, s)
  if good then ok = ok + 1; sum = sum + v else bad = bad + 1; last = v end
  local g2, v2 = pcall(level2, s)
  if not g2 then last = last .. " | " .. v2 end
end
print(ok, bad, sum, last)

-- the interpreter's own faults: arithmetic, indexing, calling, comparing, concatenating
local function try(f)
  local g, e = pcall(f)
  return g and "ok" or e
end
local faults = {}
local values = { 1, "2", {}, nil, 3.5, true }
for i = 1, 60 do
  local a = values[i % 6 + 1]
  local r = {
    try(function() return a + 1 end),
    try(function() return a.field end),
    try(function() return a() end),
    try(function() return a < 1 end),
    try(function() return "x" .. a end),
  }
  for j = 1, #r do
    faults[r[j]] = (faults[r[j]] or 0) + 1
  end
end
local keys = {}
for k in pairs(faults) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(faults[k], k) end

-- natives raising: no position in the message, whether pcall calls them or Lua code does
local native = {}
local proxy = setmetatable({}, { __index = 5 })
for i = 1, 40 do
  local _, e6 = pcall(function() for _ in ipairs(proxy) do end end)
  local _, e7 = pcall(function() return table.unpack(proxy, 1, 2) end)
  local _, e8 = pcall(function() return table.concat(setmetatable({}, { __index = true }), ",", 1, i) end)
  local _, e9 = pcall(function() local t = { i, "x" } table.sort(t) return t end)
  native[e6] = true; native[e7] = true; native[e8] = true; native[e9] = true
  local _, e1 = pcall(table.sort, { 1, "x", i })
  local _, e2 = pcall(rawset, {}, nil, i)
  local _, e3 = pcall(string.rep)
  local _, e4 = pcall(setmetatable, 1, {})
  local _, e5 = pcall(ipairs)
  native[e1] = true; native[e2] = true; native[e3] = true; native[e4] = true; native[e5] = true
end
keys = {}
for k in pairs(native) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(k) end

-- metamethods and comparators that raise
local mt = { __index = function(_, k) if k == "boom" then error("no field " .. k) end return 1 end }
local obj = setmetatable({}, mt)
local caught = 0
for i = 1, 100 do
  local good, e = pcall(function() return obj[(i % 5 == 0) and "boom" or "fine"] end)
  if not good then caught = caught + 1; last = e end
end
print(caught, last)
local good, e = pcall(table.sort, { 3, 2, 1, 5, 4 }, function(x, y)
  if x == 5 then error({ code = x }) end
  return x < y
end)
print(good, type(e), type(e) == "table" and e.code)

-- error values that are not strings, and rethrows through nested pcalls
local tally = 0
for i = 1, 200 do
  local g, v = pcall(function()
    local g2, v2 = pcall(error, { n = i })
    if not g2 then error(v2) end
  end)
  if not g and type(v) == "table" then tally = tally + v.n end
  local g3, v3 = pcall(error)
  if not g3 and v3 == nil then tally = tally + 1 end
  local g4, v4 = pcall(error, i % 3 == 0 and 1.5 or i, 0)
  if not g4 then tally = tally + v4 end
end
print(tally)

-- xpcall's handler sees the positioned message
local handled = {}
for i = 1, 50 do
  local g, v = xpcall(function() return nil + i end, function(m) return "handled: " .. m end)
  handled[#handled + 1] = g and "ok" or v
end
print(#handled, handled[1], handled[50])
