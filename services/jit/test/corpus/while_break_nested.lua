local found
for i = 1, 10 do
  for j = 1, 10 do
    if i * j == 42 then found = i .. "x" .. j; break end
  end
  if found then break end
end
print(found)
local n = 0
while true do n = n + 1 if n == 3 then break end end
print(n)
