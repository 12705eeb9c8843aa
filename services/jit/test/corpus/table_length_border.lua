local t = {}
for i = 1, 10 do t[i] = i end
for i = 10, 6, -1 do t[i] = nil end
print(#t)
t[6] = 6; print(#t)
local s = {n = 3}
print(#s)
local arr = {"a", "b", "c"}
arr[#arr + 1] = "d"; print(#arr, arr[#arr])
