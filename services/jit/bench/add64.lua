-- "Add 64 five hundred thousand times", repeated arg[1] times: the tightest numeric for loop.
local R = tonumber(arg and arg[1]) or 600
local total = 0
for r = 1, R do
  local x = 0
  for i = 1, 500000 do
    x = x + 64
  end
  total = total + x
end
print(total)
