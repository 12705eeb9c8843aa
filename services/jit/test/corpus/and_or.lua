print(1 and 2, nil and 1, false or "x", nil or false, 1 or error("no"), false and error("no"))
print(not nil, not 0, not not "", 1 == 1 and "yes" or "no", nil == false)
local function f(x) return x and x * 2 or -1 end
print(f(5), f(nil), f(false))
local v = nil; v = v or {}; print(type(v))
local a = 5; a = a and a + 1; print(a)
