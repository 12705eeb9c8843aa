local h = {}
for i = 1, 300 do h["k" .. i] = i end
local s = 0
for k, v in pairs(h) do s = s + v end
print(s)
local t = {}
for i = 1, 100 do t[i] = i * 2 end
for i = 1, 50 do t["x" .. i] = i end
t[1000] = 5; t[2.5] = 1
local n, sum = 0, 0
for k, v in pairs(t) do n = n + 1; sum = sum + v end
print(n, sum)
-- mixed value types
local m = {}
for i = 1, 200 do m[i] = (i % 3 == 0) and "s" or i end
local cnt = 0
for _, v in pairs(m) do if type(v) == "string" then cnt = cnt + 1 end end
print(cnt)
-- nested pairs
local outer = 0
for i = 1, 200 do
  local small = {a = i, b = 2 * i}
  for _, v in pairs(small) do outer = outer + v end
end
print(outer)
-- clearing fields during traversal
local c = {}
for i = 1, 300 do c["z" .. i] = i end
local left = 0
for k, v in pairs(c) do if v % 2 == 0 then c[k] = nil end end
for k, v in pairs(c) do left = left + 1 end
print(left)
-- next directly, one var
local keys = 0
for k in next, h do keys = keys + 1 end
print(keys)
-- type of value changes mid loop
local w = {}
for i = 1, 100 do w["q" .. i] = i end
w.q50 = 1.5
local fs = 0
for k, v in pairs(w) do fs = fs + v end
print(fs)
-- a key next rejects mid-loop (the traversal's key removed and the table changed): same error
local bad = {}
for i = 1, 100 do bad["b" .. i] = i end
for i = 1, 100 do bad[i * 1000] = i end
print(pcall(function()
  local n = 0
  for k, v in pairs(bad) do
    n = n + 1
    if n == 150 then bad[k] = nil; bad[k] = nil end
  end
  return n
end))
-- pairs with a __pairs metamethod and over tables with metatables
local mt = setmetatable({}, {__index = function() return 0 end})
for i = 1, 100 do rawset(mt, "m" .. i, i) end
local ms = 0
for _, v in pairs(mt) do ms = ms + v end
print(ms)
local custom = setmetatable({}, {__pairs = function(t) return function(_, k) if (k or 0) < 100 then return (k or 0) + 1, 1 end end, t, nil end})
local cs = 0
for k, v in pairs(custom) do cs = cs + k + v end
print(cs)
-- loop-carried key register change of type: int keys then string keys
local mix = {}
for i = 1, 100 do mix[i] = i end
for i = 1, 100 do mix["s" .. i] = i end
mix[500] = 1; mix[true] = 2; mix[2.5] = 3
local ks, kn = 0, 0
for k, v in pairs(mix) do if type(k) == "string" then ks = ks + v else kn = kn + 1 end end
print(ks, kn)
-- error inside the traced loop body after next
print(pcall(function() local s = 0 for k, v in pairs(mix) do s = s + v if k == 50 then error("stop at " .. k) end end end))
