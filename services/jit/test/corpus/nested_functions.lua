local function outer(x)
  local function mid(y)
    local function inner(z) return x + y + z end
    return inner
  end
  return mid
end
print(outer(1)(2)(3))
local compose = function(f, g) return function(...) return f(g(...)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
