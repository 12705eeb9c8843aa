-- A __close that is a native (coroutine.yield itself) yields as lua5.4's does: at a block's end, at a return, and
-- while a pcall's or xpcall's error unwinds (finishpcallk), the others closed after the resume; not under
-- coroutine.close (lua_closethread). A __close written in Lua yielding while an error unwinds, and the
-- tracebacks of coroutines suspended there.
local function show(...)
  local r = table.pack(...)
  for j = 1, r.n do if type(r[j]) == "table" then r[j] = "tbl" end end
  return table.unpack(r, 1, r.n)
end
local c = setmetatable({}, { __close = coroutine.yield })
local d = setmetatable({}, { __close = function(_, e) print("d closed", e) end })
local function run(name, f, n)
  local co = coroutine.create(f)
  for i = 1, n or 6 do
    print(name, i, show(coroutine.resume(co, "r" .. i)))
    if coroutine.status(co) == "dead" then return end
  end
end
run("block", function() do local a <close> = d; local x <close> = c; local b <close> = d end print("after") return "end" end)
run("return", function() local x <close> = c; local y <close> = c; return "ret", 1 end)
run("pcall err", function() return pcall(function() local a <close> = d; local x <close> = c; local b <close> = d; error("E", 0) end) end)
run("xpcall err", function() return xpcall(function() local x <close> = c; error({}) end, function(m) return "H" end) end)
run("pcall ok", function() return pcall(function() local x <close> = c; return 5 end) end)
run("nested", function() return pcall(pcall, function() local x <close> = c; error("N", 0) end) end)
run("uncaught", function() local x <close> = c; error("U", 0) end)
local co = coroutine.create(function() local x <close> = c; local y <close> = d; coroutine.yield("s") end)
print(show(coroutine.resume(co)))
print(show(coroutine.close(co)))
local ce = setmetatable({}, { __close = error })
run("close err", function() return pcall(function() local x <close> = ce; local y <close> = c; error("first", 0) end) end)
local co3 = coroutine.create(function() return pcall(function() local a <close> = d; local x <close> = c; error("E", 0) end) end)
coroutine.resume(co3)
print(debug.traceback(co3, "tb"))
local cl = setmetatable({}, { __close = function() coroutine.yield("lua close") end })
local co4 = coroutine.create(function() return pcall(function() local x <close> = cl; error("E", 0) end) end)
print(show(coroutine.resume(co4)))
print(debug.traceback(co4, "tb4"))
local co5 = coroutine.create(function() return pcall(pcall, function() local x <close> = c; error("E", 0) end) end)
print(show(coroutine.resume(co5)))
print(debug.traceback(co5, "tb5"))
