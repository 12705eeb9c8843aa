local function mat(n, f) local m = {} for i = 1, n do m[i] = {} for j = 1, n do m[i][j] = f(i, j) end end return m end
local a = mat(4, function(i, j) return i + j end)
local b = mat(4, function(i, j) return i - j end)
local c = mat(4, function() return 0 end)
for i = 1, 4 do for j = 1, 4 do local s = 0 for k = 1, 4 do s = s + a[i][k] * b[k][j] end c[i][j] = s end end
for i = 1, 4 do print(table.concat(c[i], " ")) end
