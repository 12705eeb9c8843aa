local fs = {}
local i = 1
while i <= 3 do local j = i; fs[i] = function() return j * 10 end; i = i + 1 end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for k, v in pairs({a = 1}) do gs[1] = function() return k .. v end end
print(gs[1]())
local hs = {}
repeat local x = #hs; hs[#hs + 1] = function() return x end until #hs == 3
print(hs[1](), hs[2](), hs[3]())
