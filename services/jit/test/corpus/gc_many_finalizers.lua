-- Hundreds of thousands of objects marked for finalization, half of them still reachable at a
-- collection: the marked list is kept without a call taking them all as arguments (that overflowed).
local n = 0
local mt = {__gc = function() n = n + 1 end}
local keep = {}
for i = 1, 600000 do local o = setmetatable({}, mt); if i % 2 == 0 then keep[#keep + 1] = o end end
collectgarbage()
print("finalized", n)
keep = nil
collectgarbage()
print("finalized", n)
