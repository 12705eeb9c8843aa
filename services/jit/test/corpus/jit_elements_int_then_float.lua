-- An array read in a loop holds integers first, then floats (the trace's side path reads it as a
-- float), then other values: strings, nil, integral floats.
local xs = {}
for i = 1, 40 do xs[i] = 1 end
local function dot(v, n)
  local a = 0
  for j = 1, n do a = a + v[j] * (j + 0.5) end
  return a
end
local out = {}
for round = 1, 12 do
  out[#out + 1] = dot(xs, #xs)
  for i = 1, #xs do xs[i] = xs[i] / 3 + round end
  if round == 6 then xs[5] = "7" end
  if round == 8 then xs[9] = 2.0 end
  if round == 10 then xs[11] = 4 end
end
print(table.concat(out, " "))
local ok, err = pcall(function()
  xs[20] = nil
  return dot(xs, #xs)
end)
print(ok, err)
local ys = { 1, 2, 3.5, 4, 5.25, 6 }
local s = 0
for k = 1, 200 do
  local v = ys[(k % 6) + 1]
  s = s + v * 2
end
print(s, math.type(s))
