local function f(...) return select('#', ...), ... end
print(f()); print(f(1, nil, 3)); print(f(nil))
local function g(a, ...) local t = {...}; return a, #t, ... end
print(g(1, 2, 3))
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
local function pass(...) return ... end
print(pass(1, 2), pass(3, 4))
print((pass(1, 2)))
local t = {pass(1, 2), pass(3, 4)}; print(#t)
