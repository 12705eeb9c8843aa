local t = {10, 20, 30}
for i, v in ipairs(t) do io.write(i, ":", v, " ") end print()
local keys = {}
for k in pairs({x = 1, y = 2, z = 3}) do keys[#keys + 1] = k end
table.sort(keys); print(table.concat(keys, ","))
local function range(n) local i = 0 return function() i = i + 1; if i <= n then return i end end end
for v in range(4) do io.write(v, " ") end print()
for k, v in next, {5} do print(k, v) end
local sum = 0
for _, v in ipairs({1, 2, nil, 4}) do sum = sum + v end
print(sum)
