-- <close> variables in coroutines: across yields, coroutine.close of suspended and failed ones, wrap, pcall segments
local function closer(name)
  return setmetatable({}, { __close = function(o, e) print("close", name, e) end })
end
-- a yield inside a block with a <close> variable: closed when the block ends after the resume
local co = coroutine.create(function()
  do
    local a <close> = closer("a")
    coroutine.yield(1)
    print("resumed")
  end
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
-- closing a suspended coroutine calls the pending __close with nil
co = coroutine.create(function()
  local b <close> = closer("b")
  local c <close> = closer("c")
  coroutine.yield()
end)
coroutine.resume(co)
print(coroutine.close(co), coroutine.status(co))
-- a coroutine that died of an error: closed by coroutine.close with the error
co = coroutine.create(function()
  local d <close> = closer("d")
  error("died", 0)
end)
print(coroutine.resume(co))
print(coroutine.close(co))
-- a __close that raises while closing a suspended coroutine
co = coroutine.create(function()
  local e <close> = setmetatable({}, { __close = function() error("in close", 0) end })
  coroutine.yield()
end)
coroutine.resume(co)
print(coroutine.close(co))
-- wrap closes a coroutine that fails, and the error goes on
local w = coroutine.wrap(function()
  local f <close> = closer("f")
  coroutine.yield("y")
  error("wrapped failure", 0)
end)
print(w())
print(pcall(w))
-- inside a pcall in a coroutine, across a yield
co = coroutine.create(function()
  print(pcall(function()
    local g <close> = closer("g")
    coroutine.yield("in pcall")
    error("after yield", 0)
  end))
  return "end"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
-- suspended inside a pcall, then closed
co = coroutine.create(function()
  local outer <close> = closer("outer")
  pcall(function()
    local inner <close> = closer("inner")
    coroutine.yield()
  end)
end)
coroutine.resume(co)
print(coroutine.close(co))
