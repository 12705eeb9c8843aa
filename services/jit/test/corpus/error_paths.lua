-- error() called by a CALL of the dispatch loop returns its error to the loop instead of throwing it,
-- and pcall's function hands its error back by a return: the positions, levels and tracebacks must
-- be those of lua5.4 all the same, however the error travels.

local function fail(msg, level) error(msg, level) end
local function tailfail(msg) return error(msg) end
local function deep(n) if n == 0 then error("deep bottom") end return deep(n - 1) + 1 end

-- 1. values and levels
print(pcall(error, "direct"))
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, { code = 1 }) and "no" or "table error")
print(pcall(fail, "level 1", 1))
print(pcall(fail, "level 2", 2))
print(pcall(fail, "level 0", 0))
print(pcall(fail, 42))
print(pcall(fail, 4.5, 2))
print(pcall(tailfail, "tail"))
print(pcall(deep, 5))
print(select("#", pcall(fail, "x")))

-- 2. xpcall's handler sees the frames where error was called
print(xpcall(fail, debug.traceback, "with traceback", 1))
print(xpcall(deep, debug.traceback, 3))
print(xpcall(function() local t = nil; return t.x end, debug.traceback))
print(xpcall(fail, function(m) return "handled: " .. tostring(m) end, "msg"))
print(xpcall(fail, function(m) error("in handler") end, "msg"))

-- 3. error inside natives' callbacks, inside pcall
print(pcall(table.sort, { 3, 1, 2 }, function(a, b) error("in comparator") end))
print(pcall(string.gsub, "abc", "%w", function(c) if c == "b" then error("at " .. c) end end))
print(pcall(function() return ("x"):rep(2) .. tostring(setmetatable({}, { __tostring = function() error("in tostring") end })) end))

-- 4. metamethods that raise
local mt = { __index = function(t, k) error("no field " .. k, 2) end, __add = function() error("no add") end }
local obj = setmetatable({}, mt)
print(pcall(function() return obj.missing end))
print(pcall(function() return obj + 1 end))

-- 5. in coroutines: resume's false, wrap's rethrow with position, error after yields
local co = coroutine.create(function(a) local b = coroutine.yield(a) error("co error " .. b) end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 2))
print(coroutine.resume(co))
local w = coroutine.wrap(function() error("wrapped") end)
print(pcall(w))
local w2 = coroutine.wrap(function() error({}) end)
print(pcall(w2) and "no" or "table from wrap")
print(select(2, coroutine.resume(coroutine.create(function() local ok, e = pcall(error, "inner") coroutine.yield(e) error("outer") end))))

-- 6. <close> variables with an error: __close sees it, a __close error replaces it
print(pcall(function()
  local x <close> = setmetatable({}, { __close = function(_, e) print("closing with", e) end })
  error("closing error")
end))
print(pcall(function()
  local x <close> = setmetatable({}, { __close = function(_, e) error("close replaced " .. tostring(e), 0) end })
  error("first", 0)
end))

-- 7. many errors in a loop, some caught and some not, counting both (the loop is hot)
local caught, passed = 0, 0
for i = 1, 2000 do
  local ok, e = pcall(fail, i % 3 == 0 and ("bad " .. i) or nil, 1)
  if ok then passed = passed + 1 else caught = caught + 1 end
end
print(caught, passed)
local msgs = {}
for i = 1, 300 do
  local ok, e = pcall(function(v) if v % 100 == 0 then error("hundred " .. v) end return v end, i)
  if not ok then msgs[#msgs + 1] = e end
end
print(#msgs, msgs[1], msgs[3])

-- 8. error objects keep identity; error with a table and a level keeps the table as is
local E = {}
local ok, got = pcall(error, E, 2)
print(ok, got == E)
ok, got = pcall(function() error(E) end)
print(ok, got == E)

-- 9. assert raises the same ways: its message has no position, a non-string message stays as it is
print(pcall(assert, false))
print(pcall(assert, nil, "assert message"))
print(pcall(assert, false, 12))
print(pcall(function() assert(1 == 2, "in a function") end))
print(pcall(function() assert(false) end))
print(select("#", pcall(assert, 1, 2, 3)), pcall(assert, 1, 2, 3))
print(select(2, pcall(function() local t = { assert(nil, { "table message" }) } end))[1])
print(xpcall(function() assert(false, "traced") end, debug.traceback))
local fails = 0
for i = 1, 1000 do if not pcall(assert, i % 2 == 0, "odd") then fails = fails + 1 end end
print(fails)

-- 10. no room on the stack for the function pcall calls: pcall returns the error (its frame goes on
-- the stack inside the protected call)
local names = {}
for i = 1, 190 do names[i] = "a" .. i end
local big = load("return function() local " .. table.concat(names, ", ") .. " return 1 end")()
local function r(n)
  local ok, e = pcall(big)
  if not ok then return "pcall failed: " .. tostring(e) end
  local v = r(n + 1)
  return v
end
print(pcall(r, 1))

-- 11. the uncaught error ends the program with lua5.4's message and traceback
local function top() fail("uncaught at last") end
top()
