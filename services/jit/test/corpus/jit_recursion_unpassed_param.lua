-- A recursive function whose traced path writes a parameter before reading it (`b = ...`), while its
-- base case returns that parameter as passed. The trace's direct recursive call did not store such a
-- parameter on the stack, so the base case, run by the interpreter after the trace's exit, returned
-- whatever the stack held there (here a table the loop had spilled: "arithmetic on a table value").
local store = {}
local P = setmetatable({}, {
  __newindex = function(_, k, v) store[k] = v end,
})
local t = { 1, 2, 3, 4, 5 }

local function deep(i, a, b, c)
  if i <= 0 then return a, b, c end
  b = a + i
  b = i + 0.5
  local x, y, z = deep(i - 1, a, b, c)
  return y, x, z
end

local function loop(a, b, c)
  for i = 1, 78, 2 do
    a, b, c = deep(i % 8, a, b, c)
    P[i % 3] = t[1 + i % 5]
  end
  return a, b, c
end
for _ = 1, 4 do print(pcall(loop, -2.25, "abc", "5")) end

-- the same with the unpassed parameter last, and missing from the call (nil)
local function down(n, acc, extra)
  if n == 0 then return acc, extra end
  extra = n * 2
  return (down(n - 1, acc + extra))
end
local sum = 0
for i = 1, 60 do sum = sum + down(i % 6, 0) end
print(sum, down(0, 1, "kept"))
