-- lua_load parses in protected mode with the running message handler: a reader's error comes back
-- from load through xpcall's handler, or lua.c's at the top level (with a traceback), or none under
-- pcall and in a coroutine. Syntax errors never go through a handler.
print(xpcall(function() return load("x = ") end, debug.traceback))
print(xpcall(function() return load(function() return {} end) end, debug.traceback))
print(xpcall(function() return load(function() error("in xpcall") end) end, debug.traceback))
print(xpcall(function() return load(function() error("upper", 0) end) end, string.upper))
local ok, f, e = xpcall(function() return load(function() error({ code = 7 }) end) end, debug.traceback)
print(ok, f, type(e), e.code)
print(load(function() error("top reader") end))
local once = false
print(load(function() if once then return nil end once = true return 1 end))
print(pcall(load, function() error("pcall reader") end))
print(select("#", load(function() error() end)), load(function() error() end))
local co = coroutine.wrap(function()
  print(load(function() error("co reader") end))
  print(xpcall(function() return load(function() error("co xpcall") end) end, debug.traceback))
end)
co()
-- the handler of the innermost protected call is the one that runs
print(xpcall(function()
  return pcall(function() return load(function() error("inner pcall") end) end)
end, debug.traceback))
print(pcall(function()
  return xpcall(function() return load(function() error("inner xpcall") end) end, function(m) return "H:" .. m end)
end))
