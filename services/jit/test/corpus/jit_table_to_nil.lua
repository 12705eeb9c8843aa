-- Rows of a matrix are read in a traced loop; one row disappears and indexing it must raise the
-- interpreter's error, with the variable name and line.
local rows = {}
for i = 1, 100 do rows[i] = { i, i * 2 } end
local s = 0
for i = 1, 100 do s = s + rows[i][2] end
print(s)
rows[77] = nil
local ok, err = pcall(function()
  local q = 0
  for i = 1, 100 do q = q + rows[i][1] end
  return q
end)
print(ok, err)
local n = 0
for i = 1, 100 do
  local r = rows[i]
  if r then n = n + r[1] else n = n - 1000 end
end
print(n)
local q = 0
for i = 1, 100 do local r = rows[i]; q = q + r[2] end
print(q)
