-- and/or whose left side is decided at compile time: lua5.4's code generator folds them, so the value
-- comes straight from the right operand's variable and an error names it; the left side still runs.
local calls = 0
local function c(v) calls = calls + 1 return v end

local function f(a, i) return ((i % 7) and nil or a) - 1 end
print(pcall(f, print, 3))
print(pcall(function(a) return (1 and a) + 1 end, print))
print(pcall(function(a) return (nil or a) + 1 end, {}))
print(pcall(function(a, b) return (b and false or a) .. "x" end, {}, 1))
print(pcall(function(a, b) return (b and a) + 1 end, {}, 1))
print(pcall(function(a) return (c(false) or "k") and a < 1 end, {}))
print(pcall(function(a) return -(not nil and a) end, {}))
print(pcall(function(a) return #((c(1) and nil) or a) end, 5))
print(calls)

-- the values, with the left side's effects
print(c(false) and nil or 10, c(true) and false or 20, (c(nil) or 1) and 30, 2 and 40, nil or 50)
print(not nil and "t", false or nil, (c(0) and nil) or nil, calls)
local x = 5
x = (c(x) and nil) or x + 1
print(x, calls)
for i = 1, 3 do
  local v = (i > 1 and nil) or i * 2
  io.write(v, " ")
end
print()

-- a folded and/or is still one value: calls and varargs on its right are truncated
local function f() return 1, 2, 3 end
local function v(...) return ... end
print((1 and f()), 1 and f(), nil or f())
print(#{1 and f()}, #{(nil or f())}, #{f()})
local function g() return 1 and f() end
local function h() return (false or v(4, 5)) end
print(g())
print(h())
print(select("#", (1 and v())), select("#", 1 and v()))
local p, q, r = 1 and f()
print(p, q, r)
