-- Loops whose single iteration runs far longer than a trace may record (the recorder must give up
-- and leave them to the interpreter), and a loop that only ends through a break deep inside.
local total = 0
for i = 1, 3 do
  local j = 0
  while j < 40000 do j = j + 1 end
  total = total + j + i
end
print(total)
local mixed = 0
for i = 1, 3 do
  local j = 0
  while true do
    j = j + 1
    if j % 7 == 0 then mixed = mixed + j elseif j % 5 == 0 then mixed = mixed - 1 end
    if j >= 20000 then break end
  end
end
print(mixed)
local n = 0
while true do
  n = n + 1
  if n > 100000 then break end
end
print(n)
