-- <close> variables: block ends, breaks, gotos, returns, errors and pcall, errors in __close, hot loops
-- <close> variables: block ends, breaks, gotos, returns, errors, pcall, nesting order
local function closer(name)
  return setmetatable({}, { __close = function(o, e) print("close", name, e) end })
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  print("in block")
end
print("after block")
for i = 1, 3 do
  local c <close> = closer("loop " .. i)
  if i == 2 then break end
  print("body", i)
end
local function f()
  local x <close> = closer("f.x")
  return "ret1", "ret2"
end
print(f())
local function g(...)
  local y <close> = closer("g.y")
  return select("#", ...), ...
end
print(g(1, 2, 3))
-- return of a call in scope is not a tail call: the callee runs before the close
local function h()
  local z <close> = closer("h.z")
  return (function() print("callee runs") return "from callee" end)()
end
print(h())
-- errors close with the error object, and pcall sees the error
print(pcall(function()
  local e1 <close> = closer("e1")
  local e2 <close> = closer("e2")
  error("boom")
end))
do
  local ok, e = pcall(function()
    local e3 <close> = setmetatable({}, { __close = function(o, err) print("close e3", err.code) end })
    error({ code = 1 })
  end)
  print(ok, e.code)
end
-- an error in __close replaces the error
print(pcall(function()
  local bad <close> = setmetatable({}, { __close = function() error("close failed") end })
  local ok <close> = closer("ok")
  error("original")
end))
print(pcall(function()
  local bad <close> = setmetatable({}, { __close = function() error("close failed 2") end })
  return "normal"
end))
-- nil and false are ignored, other values without __close are errors
do local n <close> = nil local f2 <close> = false print("nil and false ok") end
print(pcall(function() local t <close> = {} end))
print(pcall(function() local t <close> = 42 end))
-- goto out of a scope closes
do
  local i = 0
  ::again::
  do
    local gz <close> = closer("goto " .. i)
    i = i + 1
    if i < 3 then goto again end
  end
end
-- const-ness
print(load("local x <close> = nil; x = 1"))
print(load("local a <close>, b <close> = nil, nil"))
-- in a hot loop: closed every iteration, the loop still right
local count = 0
local counter = setmetatable({}, { __close = function() count = count + 1 end })
for i = 1, 2000 do
  local cc <close> = counter
end
print("closed", count)
-- nested functions and upvalues
local function outer()
  local u = 0
  local k <close> = setmetatable({}, { __close = function() print("k closes, u =", u) end })
  local function inc() u = u + 1 end
  inc() inc()
  return u
end
print(outer())
-- a variable closed at the main chunk's end
local last <close> = closer("main")
print("end of chunk")
-- results of a call "to top" survive the close before the return
local function many()
  local m <close> = closer("many")
  return table.unpack({ 1, 2, 3, 4, 5 })
end
print(many())
print(select("#", many()))
-- a __close that returns values and uses the stack does not disturb the results
local function busy()
  local b <close> = setmetatable({}, { __close = function() local t = {} for i = 1, 50 do t[i] = i end return t end })
  return "r1", "r2", "r3"
end
print(busy())
