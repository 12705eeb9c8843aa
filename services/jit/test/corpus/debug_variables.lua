-- debug.getlocal/setlocal, getupvalue/setupvalue/upvalueid, getmetatable/setmetatable, getregistry
local function show(...) local t = table.pack(...); for i = 1, t.n do t[i] = tostring(t[i]) end; return table.concat(t, " ") end
local a, b = 1, "two"
local function f(x, y, ...)
  local z = x + y
  for i = 1, 2 do
    local inner = i * 10
    local names = {}
    local n = 1
    while true do
      local name, value = debug.getlocal(1, n)
      if not name then break end
      if name:sub(1, 1) ~= "(" then names[#names + 1] = name .. "=" .. (type(value) == "table" and "{}" or tostring(value)) else names[#names + 1] = name end
      n = n + 1
    end
    print(table.concat(names, " "))
  end
  print("varargs", debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print("set", debug.setlocal(1, 3, 99), z)
  print("set vararg", debug.setlocal(1, -1, "V"), ...)
  print("caller", debug.getlocal(2, 1), debug.getlocal(2, 2))
  return z
end
f(3, 4, "va1", "va2")
print("params", debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3), debug.getlocal(print, 1))
print(pcall(debug.getlocal, 50, 1))
print(pcall(debug.getlocal, 1))

-- upvalues, numbered as luac numbers them (_ENV where a global is first named)
local u1, u2 = 10, 20
local function g1() return u1 + u2 end
local function g2() print("x"); return u1 end
local function g3() local t = u1; print(t); return u2 end
local function g4() return function() return u2, tostring(u1) end end
local function g5() u1 = u1 + 1 end
for _, fn in ipairs({ g1, g2, g3, g4, g4(), g5 }) do
  local parts = {}
  for i = 1, 5 do
    local name, value = debug.getupvalue(fn, i)
    if not name then break end
    parts[#parts + 1] = name .. ":" .. (name == "_ENV" and (value == _G and "G" or "?") or tostring(value))
  end
  print(#parts, table.concat(parts, " "), debug.getinfo(fn, "u").nups)
end
print(debug.setupvalue(g5, 1, 41), u1)
g5()
print(u1, debug.getupvalue(g5, 1))
print(debug.setupvalue(g1, 3, 1), debug.getupvalue(print, 1), debug.getupvalue(g1, 0))
print(debug.upvalueid(g1, 1) == debug.upvalueid(g2, 1), debug.upvalueid(g1, 1) == debug.upvalueid(g1, 2))
print(debug.upvalueid(g2, 1) == debug.upvalueid(g3, 2), type(debug.upvalueid(g1, 1)))
print(pcall(debug.upvalueid, g1, 9))
print(pcall(debug.getupvalue, 1, 1))
local main_env_name = debug.getupvalue(load("return x"), 1)
print(main_env_name)

-- metatables past __metatable
local t = setmetatable({}, { __metatable = "locked", __index = function() return "idx" end })
print(getmetatable(t), type(debug.getmetatable(t)), debug.getmetatable(t).__metatable)
print(debug.setmetatable(t, nil) == t, getmetatable(t), t.x)
print(debug.getmetatable("").__index == string, debug.getmetatable(1), debug.getmetatable(nil))
print(debug.setmetatable(5, nil))
local reg = debug.getregistry()
print(type(reg), reg._LOADED == package.loaded, reg[2] == _G, type(reg[1]))
print(debug.gethook())
print(debug.getuservalue(1), debug.getuservalue(io.stdout))
