-- _ENV as a local, a parameter and an upvalue: sandboxes, closures over it, error names through it
-- _ENV as a local: a sandbox
local print, setmetatable, pcall, tostring = print, setmetatable, pcall, tostring
x = 1
do
  local _ENV = { y = 2 }
  z = 3
  print(y, z, x)
  print(_ENV.z)
end
print(x, z, y)
-- a function whose free names go to its _ENV parameter
local function run(_ENV) return a + b end
print(run({ a = 1, b = 2 }))
-- inherits through __index
local function sandbox()
  local _ENV = setmetatable({}, { __index = _ENV })
  g = 10
  return g, x, type ~= nil
end
print(sandbox())
print(g)
-- closures capturing a local _ENV
local function counter()
  local _ENV = { n = 0 }
  return function() n = n + 1 return n end
end
local c = counter()
c() c()
print(c())
-- reading _ENV gives the globals
print(_ENV == _G, _ENV.x)
-- errors name globals through _ENV
do
  local _ENV = { print = print, pcall = pcall }
  print(pcall(function() return undefinedthing.field end))
  print(pcall(function() undefinedfn() end))
end
print(pcall(function() local _ENV = nil; return q end))
-- a loop over globals of a local _ENV, hot enough to trace
do
  local _ENV = { s = 0, print = print }
  for i = 1, 1000 do s = s + i end
  print(s)
end
-- function statements, methods and a const _ENV
do
  local _ENV <const> = { string = string, print = print, t = {} }
  function greet(n) return string.format("hi %s", n) end
  function t.twice(v) return v * 2 end
  function t:self() return self == t end
  print(greet("lua"), t.twice(4), t:self(), string.rep("ab", 2))
end
print(greet, t)
-- a nested function naming _ENV explicitly captures the main one
local function envOf() return _ENV end
print(envOf() == _G)
-- assigning a global through a deeply nested local _ENV
local function outer()
  local _ENV = { }
  local function mid()
    return function() deep = "set" return deep end
  end
  return mid()(), _ENV.deep
end
print(outer())
print(deep)
