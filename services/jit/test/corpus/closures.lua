local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c2(), c1())
local fns = {}
for i = 1, 3 do fns[i] = function() return i end end
print(fns[1](), fns[2](), fns[3]())
local shared = {}
do local x = 0; shared.inc = function() x = x + 1 end; shared.get = function() return x end end
shared.inc(); shared.inc(); print(shared.get())
