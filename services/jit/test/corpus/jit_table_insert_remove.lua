local q = {}
for i = 1, 300 do table.insert(q, i) end
local popped = 0
while #q > 0 do popped = popped + table.remove(q) end
print(popped, #q)
-- hash part holding the following keys
local h = {}
h[5] = "five"; h[6] = "six"
for i = 1, 100 do table.insert(h, "x" .. i) if #h > 50 then break end end
print(#h, h[5], h[6], h[7])
-- remove on empty table reads t[0]
local e = {[0] = "zero"}
for i = 1, 100 do local r = table.remove(e) if i < 3 then print(r, e[0]) end end
-- metatable added mid-loop
local m = {}
for i = 1, 200 do
  table.insert(m, i)
  if i == 100 then setmetatable(m, {__newindex = function(t, k, v) rawset(t, k, v * 2) end}) end
end
print(#m, m[100], m[101], m[200])
-- errors keep lua's messages
local ok, err = pcall(function() for i = 1, 200 do table.insert(i < 150 and {} or nil, i) end end)
print(ok, err)
ok, err = pcall(function() local t = {} for i = 1, 200 do table.insert(t, i, i, i) end end)
print(ok, err)
-- mixed value types, nil value, floats
local f = {}
for i = 1, 200 do table.insert(f, (i % 2 == 0) and i / 4 or i) end
local s = 0 for i = 1, #f do s = s + f[i] end print(s, #f)
local nn = {}
for i = 1, 100 do table.insert(nn, nil) end print(#nn)
local vals = {}
for i = 1, 200 do table.insert(vals, i % 5 == 0 and "s" or i) end
local cnt = 0
while #vals > 0 do local v = table.remove(vals) if v == "s" then cnt = cnt + 1 end end
print(cnt)
local nan = {}
for i = 1, 100 do table.insert(nan, -(0/0)) table.insert(nan, 0/0) end
print(table.remove(nan), table.remove(nan), #nan)
local res = {}
for i = 1, 100 do res[#res + 1] = select('#', table.insert(res, i)) end
print(#res)
