-- debug.traceback and debug.getinfo of a coroutine that died of an error: its frames stay where the
-- error was raised (until coroutine.close), as lua_resume leaves them.
local function lvl3() error("deep failure") end
local function lvl2() lvl3() end
local co = coroutine.create(function(a)
  local x = a + 1
  coroutine.yield(x)
  lvl2()
end)
print(coroutine.resume(co, 1))
local ok, err = coroutine.resume(co)
print(ok, err)
print(debug.traceback(co, err))
print(debug.traceback(co))
print(debug.traceback(co, "from level 1", 1))
print(debug.traceback(co, "from level 2", 2))
for level = 0, 4 do
  local i = debug.getinfo(co, level, "Sln")
  print(level, i and i.short_src, i and i.currentline, i and i.what, i and i.name)
end
-- raised by an instruction, by a library function, with a table value
local co2 = coroutine.create(function() local t = nil; return t.x end)
print(coroutine.resume(co2))
print(debug.traceback(co2, "co2"))
local co3 = coroutine.create(function() return string.rep("x", -1, {}) end)
print(coroutine.resume(co3))
print(debug.traceback(co3, "co3"))
local co4 = coroutine.create(function() error({ code = 7 }) end)
local ok4, e4 = coroutine.resume(co4)
print(ok4, type(e4), e4.code)
print(debug.traceback(co4, "co4"))
-- a coroutine that finished, one closed after it failed, a wrapped one that failed
local co5 = coroutine.create(function() return 1 end)
coroutine.resume(co5)
print(debug.traceback(co5, "finished"))
local co6 = coroutine.create(function() error("closed later") end)
coroutine.resume(co6)
print(coroutine.close(co6))
print(debug.traceback(co6, "closed"))
local w
w = coroutine.wrap(function() error("wrapped") end)
print(pcall(w))
-- an error inside a metamethod after the coroutine yielded there, and deep recursion
local mt = setmetatable({}, { __index = function(t, k) coroutine.yield(k); error("idx " .. k) end })
local co7 = coroutine.create(function() return mt.zz end)
print(coroutine.resume(co7))
print(coroutine.resume(co7))
print(debug.traceback(co7, "co7"))
local function down(n) if n == 0 then error("bottom") end return 1 + down(n - 1) end
local co8 = coroutine.create(function() return down(30) end)
print(coroutine.resume(co8))
print(debug.traceback(co8, "co8"))
-- the scheduler idiom
local tasks = {
  coroutine.create(function() coroutine.yield() local n = nil; return n + 1 end),
  coroutine.create(function() coroutine.yield() return "fine" end),
}
for round = 1, 2 do
  for i, t in ipairs(tasks) do
    if coroutine.status(t) == "suspended" then
      local okr, er = coroutine.resume(t)
      if not okr then print("task " .. i .. " failed: " .. debug.traceback(t, er)) end
    end
  end
end
