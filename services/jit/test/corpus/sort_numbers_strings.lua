local nums = {}
for i = 1, 50 do nums[i] = (i * 37) % 53 - 20 end
table.sort(nums)
print(table.concat(nums, " "))
local mixed = {3.5, 1, 2.25, -1, 0, 2}
table.sort(mixed)
print(table.concat(mixed, " "))
print(pcall(table.sort, {1, "a", 2}))
