local t = {1, 2, 3}
print(next(t), next(t, 1), next(t, 3), next({}))
local n = 0
for k, v in pairs({10, 20, 30, a = 1}) do n = n + 1 end
print(n)
local sum = 0
for k, v in pairs({5, 6, 7}) do sum = sum + k * v end
print(sum)
print(pcall(next, {}, "missing"))
