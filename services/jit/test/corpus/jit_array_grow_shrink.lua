-- Traced loops that grow and shrink a table's array part; # must follow.
local t = {}
for i = 1, 500 do t[#t + 1] = i * 2 end
print(#t, t[1], t[500])
for i = 1, 200 do t[#t] = nil end
print(#t, t[300], t[301])
local stack, popped = {}, 0
for i = 1, 300 do
  if i % 3 == 0 then
    popped = popped + stack[#stack]
    stack[#stack] = nil
  else
    stack[#stack + 1] = i
  end
end
print(#stack, popped)
local holes = {}
for i = 1, 100 do holes[i] = i end
for i = 100, 1, -1 do if i % 2 == 0 then holes[i] = nil end end
print(#holes >= 1, holes[99], holes[100])
local sparse = {}
for i = 1, 100 do sparse[i * 2] = i end
local c = 0
for i = 1, 200 do if sparse[i] then c = c + 1 end end
print(c)
