local function make()
  local v = 1
  local function get() return v end
  local function set(x) v = x end
  return get, set
end
local g, s = make()
print(g()); s(42); print(g())
local a = 1
local function outer() local function inner() a = a + 1; return a end return inner() end
print(outer(), outer(), a)
