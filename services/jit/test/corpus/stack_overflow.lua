local function inf(n) return 1 + inf(n + 1) end
local ok, e = pcall(inf, 1)
print(ok, string.find(e, "stack overflow", 1, true) ~= nil)
