print(pcall(function() return 1, 2, 3 end))
print(pcall(function() end))
print(select('#', pcall(function() return nil, nil end)))
print(pcall(pcall))
print(pcall(nil))
print(pcall({}))
local co = 0
local ok = pcall(function() co = co + 1; error("x") end)
print(ok, co)
