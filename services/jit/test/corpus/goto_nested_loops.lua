local i = 1
::outer::
if i <= 3 then
  local j = 1
  ::inner::
  if j <= 2 then io.write(i, ".", j, " "); j = j + 1; goto inner end
  i = i + 1
  goto outer
end
print()
for k = 1, 5 do
  if k % 2 == 0 then goto skip end
  io.write(k, " ")
  ::skip::
end
print()
