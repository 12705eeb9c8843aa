local function f(...) local a, b = ...; return a, b end
print(f(), f(1), f(1, 2, 3))
local function g(...) return select('#', ...), (select('#', ...)) end
print(g(nil, nil, nil))
local function h(...) local t = {n = select('#', ...), ...}; return t.n, t[1], t[3] end
print(h("a", nil, "c"))
print(pcall(function(...) return ... end, 1, 2))
local function vsum(...) local s = 0 for i = 1, select('#', ...) do s = s + (select(i, ...)) end return s end
print(vsum(1, 2, 3, 4, 5))
