-- assigning the main chunk's _ENV
local print, G = print, _G
a = 1
_ENV = { print = print, b = 2 }
print(a, b)
c = 3
print(G.c, c)
local function f() return b + c end
print(f())
_ENV = G
print(a, b, c)
for i = 1, 500 do a = a + i end
print(a)
