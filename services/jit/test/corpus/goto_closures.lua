local fs = {}
local i = 1
::again::
local j = i
fs[#fs + 1] = function() return j end
i = i + 1
if i <= 3 then goto again end
print(fs[1](), fs[2](), fs[3]())
