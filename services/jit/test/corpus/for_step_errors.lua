-- zero steps and non-numeric bounds raise errors with lua5.4's wording
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = 1.0, 10, 0.0 do end end))
print(pcall(function() for i = 1, 10, 0.0 do end end))
print(pcall(function() for i = 1, 10, -0.0 do end end))
print(pcall(function() local s = 0; for i = 5, 1, s do end end))
print(pcall(function() for i = nil, 10 do end end))
print(pcall(function() for i = 1, nil do end end))
print(pcall(function() for i = 1, 2, nil do end end))
print(pcall(function() for i = 1, true do end end))
print(pcall(function() local t = {}; for i = t, 2 do end end))

-- the error is raised before any iteration
local ran = false
print(pcall(function() for i = 1, 3, 0 do ran = true end end), ran)

-- the loop variable is a copy: assigning it does not change the iteration
local seen = {}
for i = 1, 5 do
  seen[#seen + 1] = i
  i = i * 10
  seen[#seen + 1] = i
end
print(table.concat(seen, ","))

-- limit and step are evaluated once
local calls = 0
local function lim() calls = calls + 1; return 3 end
for i = 1, lim() do end
print("limit evaluated", calls)
local lim2 = 3
local iters = 0
for i = 1, lim2 do lim2 = 10; iters = iters + 1 end
print("iters", iters)
