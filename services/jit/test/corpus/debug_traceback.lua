-- debug.traceback and xpcall's handler called where the error was raised, as lua5.4 shows them.
local function show(ok, msg) print(ok, msg) end

-- the error native, locals, upvalues, tail calls
local function lf(x) if x == 0 then error("boom") end return lf(x - 1) + 1 end
g = function() return lf(2) end
local t = { m = function(self) local y = g() return y end, f = function() return nil + 1 end }
show(xpcall(function() return t:m() end, debug.traceback))
show(xpcall(function() local r = t.f() return r end, debug.traceback))
show(xpcall(function() local z = {} .. "x" end, debug.traceback))

-- a global function, a method, a field
function globalfn(n) if n > 0 then return (globalfn(n - 1)) end error({ code = 1 }) end
show(xpcall(globalfn, function(e) return debug.traceback("code " .. e.code, 1) end, 2))
local obj = {}
function obj:method() error("in method", 2) end
show(xpcall(function() obj:method() end, debug.traceback))

-- a Lua handler: its own level, then the raising levels
show(xpcall(function() error("x") end, function(m) return debug.traceback(m) end))
show(xpcall(function() error("y") end, function(m) return debug.traceback(m, 2) end))
show(xpcall(function() local n = nil; return n + 1 end, function(m) return debug.traceback(m) end))
show(xpcall(function() local s = ("x"):rep(2) .. {} end, function(m) return debug.traceback(m, 3) end))

-- errors in metamethods and in __close
local idx = setmetatable({}, { __index = function(_, k) error("no field " .. k) end })
show(xpcall(function() return idx.missing end, debug.traceback))
local arith = setmetatable({}, { __add = function(a, b) return b + nil end })
show(xpcall(function() return arith + 1 end, debug.traceback))
show(xpcall(function()
  local c <close> = setmetatable({}, { __close = function() error("in close") end })
  error("first")
end, debug.traceback))
show(xpcall(function() return 1 + "x" end, debug.traceback))

-- natives called by natives
show(xpcall(error, debug.traceback, "direct"))
show(xpcall(string.rep, debug.traceback))
show(pcall(error))

-- messages and levels
print(debug.traceback("msg", 1))
print(debug.traceback("msg", 2))
print(debug.traceback("msg", 0))
print(debug.traceback("msg", -1))
print(debug.traceback("msg", 50))
print(debug.traceback(12))
print(debug.traceback(1.5))
print(debug.traceback())
print(debug.traceback(nil, 1))
print(debug.traceback({}) ~= nil, type(debug.traceback({})), debug.traceback(true))
print(pcall(debug.traceback, "m", "x"))

-- metamethods and iterators
local mt = setmetatable({}, {
  __index = function(_, k) return debug.traceback("index " .. k) end,
  __add = function() return debug.traceback("add") end,
})
print(mt.key)
print(mt + 1)
for v in function(_, c) if c == nil then print(debug.traceback("iter")) return 1 end end do end
table.sort({ 3, 2, 1 }, function(a, b)
  if a == 3 and b == 2 then print(debug.traceback("in sort")) end
  return a < b
end)

-- coroutines: another thread's stack, and the running one's
local co = coroutine.create(function(a)
  local function inner() coroutine.yield(a) end
  inner()
  pcall(function() coroutine.yield("in pcall") end)
  return "done"
end)
print(debug.traceback(co, "not started"))
coroutine.resume(co, 1)
print(debug.traceback(co, "suspended"))
print(debug.traceback(co, "suspended", 1))
coroutine.resume(co)
print(debug.traceback(co, "in pcall"))
coroutine.resume(co)
print(debug.traceback(co, "dead"))
print(debug.traceback(co))
local w = coroutine.wrap(function() print(debug.traceback("inside")) error("co err") end)
show(xpcall(w, debug.traceback))
local w2 = coroutine.wrap(function()
  print(select(2, xpcall(function() error("in co") end, debug.traceback)))
end)
w2()

-- a deep stack: the middle levels are skipped
local function deep(n) if n == 0 then return debug.traceback("deep") end return (deep(n - 1)) end
print(deep(30))
print(deep(19))
print(deep(20))
local function deeperr(n) if n == 0 then error("deep error") end return (deeperr(n - 1)) end
show(xpcall(deeperr, debug.traceback, 40))
