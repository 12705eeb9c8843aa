-- nested loops where the inner accumulator changes type at some (outer, inner) pair
for outer = 1, 3 do
  local acc = 0
  for inner = 1, 4 do
    if inner == outer then acc = acc + 0.5 end
    acc = acc + inner
  end
  print(outer, acc, math.type(acc))
end

-- the outer loop variable feeds into the inner loop bounds as a float sometimes
for o = 1, 4 do
  local limit = (o % 2 == 0) and o / 2 or o
  local n = 0
  for i = 1, limit do n = n + i end
  print(o, limit, math.type(limit), n, math.type(n))
end

-- a matrix of mixed values summed row by row; a string in the middle
local m = {
  {1, 2, 3},
  {4, 5.5, 6},
  {7, "8", 9},
  {10, 11, 12},
}
for r = 1, #m do
  local s = 0
  for c = 1, #m[r] do s = s + m[r][c] end
  print(r, s, math.type(s))
end

-- types change inside a while inside a for
for k = 1, 3 do
  local v = k
  local steps = 0
  while v < 20 do
    if steps == 2 then v = v * 1.5 else v = v * 2 end
    steps = steps + 1
  end
  print(k, steps, v, math.type(v))
end

-- a repeat loop whose variable turns into a string, then is compared by length
local s = 1
local it = 0
repeat
  it = it + 1
  if type(s) == "number" and s > 100 then s = tostring(s) end
  if type(s) == "number" then s = s * 7 else s = s .. "7" end
until type(s) == "string" and #s >= 6
print(it, s)
