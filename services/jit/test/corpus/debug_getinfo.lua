-- debug.getinfo of stack levels and functions, as lua5.4 answers.
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  local out = {}
  for _, k in ipairs(ks) do
    local v = t[k]
    if type(v) == "function" then v = v == print and "print" or "function"
    elseif type(v) == "table" then v = "table" end
    out[#out + 1] = k .. "=" .. tostring(v)
  end
  return table.concat(out, " ")
end

print(keys(debug.getinfo(1)))
print(keys(debug.getinfo(1, "S")))
print(keys(debug.getinfo(print)))
print(keys(debug.getinfo(0)))
print(keys(debug.getinfo(2)))
print(debug.getinfo(3))
print(debug.getinfo(100))

local function named(x)
  local i = debug.getinfo(1, "nSlu")
  return keys(i)
end
print(named(1))
print(keys(debug.getinfo(named, "Su")))
local t = {}
function t.field() return keys(debug.getinfo(1, "nt")) end
function t:method() return keys(debug.getinfo(1, "n")) end
print(t.field())
print(t:method())
function globalf() return keys(debug.getinfo(1, "n")) end
print(globalf())
local function tail() return keys(debug.getinfo(1, "nt")) end
local function caller() return tail() end
print(caller())
print(keys(debug.getinfo(function(a, b, ...) return x end, "u")))
print(keys(debug.getinfo(function() local y = 1; return function() return y end end, "u")))
print(keys(debug.getinfo(function() return function() return z end end, "u")))
local up = 5
print(keys(debug.getinfo(function() return up + g end, "u")))
print(debug.getinfo(1, "l").currentline, debug.getinfo(1, "S").short_src, debug.getinfo(1, "S").source)
print(pcall(debug.getinfo, 1, ">S"))
print(pcall(debug.getinfo, 1, "Sx"))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, 1.5))
print(keys(debug.getinfo("1", "S")))
-- metamethods, iterators and natives calling back
local mt = setmetatable({}, { __index = function(_, k) return keys(debug.getinfo(1, "n")) end,
  __add = function() return keys(debug.getinfo(1, "n")) end })
print(mt.x, mt + 1)
for v in function(_, c) if not c then return keys(debug.getinfo(1, "n")) end end do print(v) end
table.sort({ 2, 1 }, function(a, b) print(keys(debug.getinfo(1, "nS"))); print(keys(debug.getinfo(2, "nSl"))) return a < b end)
print(select(2, pcall(function() return keys(debug.getinfo(2, "nSl")) end)))
-- loaded chunks
local f = load("return debug.getinfo(1, 'S')")
print(keys(f()))
print(keys(load("return debug.getinfo(1, 'S')", "=mychunk")()))
print(keys(load("return debug.getinfo(1, 'S')", "@some/file.lua")()))
print(keys(load("\n\nlocal function g() return debug.getinfo(1, 'S') end return g()", "multi\nline")()))
-- coroutines
local co = coroutine.create(function(a) coroutine.yield(a) end)
print(debug.getinfo(co, 0))
coroutine.resume(co, 1)
print(keys(debug.getinfo(co, 0, "nSl")))
print(keys(debug.getinfo(co, 1, "nSl")))
print(debug.getinfo(co, 2, "nSl"))
-- the lines that have code (activelines)
local function lines(fn)
  local t = {}
  for l in pairs(debug.getinfo(fn, "L").activelines) do t[#t + 1] = l end
  table.sort(t)
  return table.concat(t, " ")
end
local function body(a)
  local b = a + 1

  if b > 2 then
    return b
  end
  return 0
end
print(lines(body), lines(function(...) local x = select('#', ...) return x end))
print(lines(load("local a = 1\nreturn a")), debug.getinfo(print, "L").activelines)
