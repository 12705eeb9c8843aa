local function f(...) return {..., "end"} end
local t = f(1, 2, 3)
print(#t, t[1], t[2])
local function g(...) return {"start", ...} end
local u = g(1, 2, 3)
print(#u, u[4])
