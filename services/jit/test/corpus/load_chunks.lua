-- load: strings, readers, modes, envs, chunk names in messages, a loaded chunk whose loop is traced
-- load of strings: values, globals, arguments through ...
local f = load("return 1 + 2")
print(f())
x = 10
print(load("return x * 2")())
print(load("local a, b = ... return a .. b")("p", "q"))
print(load("y = 5")(), y)
-- syntax errors come back as nil and a message
print(load("return +"))
print(load("x = = 1", "mychunk"))
print(load("for", "=named"))
print(load("local t = {\n1,\n2,,\n}", "@file.lua"))
print(load("return 'a very long chunk that goes on and on and on past the limit of the id'  +"))
print(type(load("\n\nerror('line three')")))
print(pcall(load("\n\nerror('line three')")))
print(pcall(load("error('in named')", "=(my name)")))
-- a reader function
local parts = { "return ", "40 ", "+ 2" }
local i = 0
print(load(function() i = i + 1 return parts[i] end)())
print(type(load(function() return nil end)))
print(pcall(load, function() return true end))
local nf, rm = load(function() return {} end)
print(nf, (rm:match("^[^\n]*")))
-- modes
print(load("return 1", "m", "b"))
print(load("return 1", "m", "t")())
-- an env table, and a nil env
local env = { print = print, v = 7 }
local g = load("w = v + 1 return w", "env chunk", "t", env)
print(g(), env.w, w)
print(pcall(load("return q", "nilenv", "t", nil)))
-- functions defined in a loaded chunk, closures and a loop hot enough to trace
local mk = load([[
  local n = ...
  local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
  local s = 0
  for j = 1, 2000 do s = s + j % 7 end
  return fib(n), s
]])
print(mk(20))
-- load's chunk sees the globals, not the caller's locals
local hidden = 3
print(load("return hidden")())
-- errors from bad arguments
print(pcall(load))
print(pcall(load, {}))
-- the _ENV of a loaded chunk is its first upvalue; assigning it redirects globals
print(load("local e = _ENV; _ENV = {}; z = 1; return e.z, z")())
print(type(load("return _ENV")()))
-- numbers a reader returns are pieces of source too
local np = { "return ", 6, " * ", 7.5 }
local ni = 0
print(load(function() ni = ni + 1 return np[ni] end)())
-- a chunk name longer than the id, a file name longer than it, and a '=' name
print(pcall(load("error('x')", "@" .. string.rep("dir/", 20) .. "file.lua")))
print(pcall(load("error('x')", "=" .. string.rep("n", 80))))
print(pcall(load("error('x')", string.rep("s", 44))))
print(pcall(load("error('x')", string.rep("s", 45))))
print(pcall(load("error('x')", "two\nlines")))
