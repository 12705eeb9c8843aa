local i = 0
while i < 10 do
  i = i + 1
  if i % 3 ~= 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
repeat
  local x = i
  i = i - 4
  if x % 2 == 0 then goto next end
  io.write("odd", x, " ")
  ::next::
until i < 0
print()
