-- Branches that go both ways many times: the hot side exits get their own traces.
local a, b, c = 0, 0, 0
for i = 1, 3000 do
  if i % 2 == 0 then a = a + 1 elseif i % 3 == 0 then b = b + i else c = c - 1 end
end
print(a, b, c)
local x = 0
for i = 1, 2000 do
  local v = i % 7
  if v < 3 then x = x + v * 2.5 else x = x - 1 end
end
print(x)
local words = { "a", "bb", "ccc" }
local len = 0
for i = 1, 900 do
  local w = words[i % 3 + 1]
  if #w > 1 then len = len + #w else len = len + 100 end
end
print(len)
