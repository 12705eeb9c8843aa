-- debug.getlocal of generic and numeric for loops, of a suspended coroutine; upvalues numbered as luac
-- numbers them (_ENV where a global is first named, in nested functions too)
local function locals(level)
  local out = {}
  local n = 1
  while true do
    local name, value = debug.getlocal(level + 1, n)
    if not name then break end
    out[#out + 1] = name .. (type(value) == "number" and ("=" .. value) or "")
    n = n + 1
  end
  return table.concat(out, " ")
end
for k, v in ipairs({ 5, 6 }) do
  print("generic", locals(1))
end
for i = 1, 1 do print("numeric", locals(1)) end
local co = coroutine.create(function(p, q)
  local r = p * q
  coroutine.yield()
  return r
end)
coroutine.resume(co, 6, 7)
print("thread", debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2), debug.getlocal(co, 1, 3))
print(debug.setlocal(co, 1, 3, 100), coroutine.resume(co))
-- upvalue numbering: a global first named inside a nested function, after and before other upvalues
local A, B, C = 1, 2, 3
local function outer()
  local x = A
  local function mid()
    local y = B
    local function leaf() return C, print end
    return leaf
  end
  return mid, x
end
local function names(fn)
  local t = {}
  for i = 1, 10 do local nm = debug.getupvalue(fn, i); if not nm then break end; t[#t + 1] = nm end
  return table.concat(t, ",")
end
local mid = outer()
print(names(outer), names(mid), names(mid()))
local function withenv() local _ENV = { print = print }; return function() print(x) end end
print(names(withenv), names(withenv()))
local function early() print(A); return B end
print(names(early))
for i = 1, 300 do local _ = debug.getlocal(1, 1) end
print(names(load("local a = ... return function() return a, y end")(1)))
