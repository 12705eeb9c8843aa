-- An error inside xpcall's message handler goes to the handler again, until lua5.4 gives up with "error in error handling"; xpcall wants a function as its handler.
print(xpcall(error, function(m) error("h") end, "x"))
print(xpcall(function() local a = nil + 1 end, function(m) return nil + m end))
print(xpcall(error, function(m) return m, "second" end, "x"))
print(pcall(xpcall, error, nil, "x"))
print(pcall(xpcall, error, 42, "x"))
local depth = 0
print(xpcall(error, function(m) depth = depth + 1 if depth < 3 then error("again" .. depth) end return "done " .. tostring(m) end, "x"))
local co = coroutine.wrap(function()
  local tries = 0
  local r = { xpcall(function() coroutine.yield("in") error("co") end, function(m)
    tries = tries + 1
    if tries < 2 then error("retry") end
    return "handled " .. m
  end) }
  print(r[1], r[2], tries)
  print(xpcall(error, function() error("always") end, "z"))
end)
print(co())
co()
