-- a value accumulates as a number, then becomes a string, then a number again
local acc = 0
local log = {}
for i = 1, 9 do
  if i <= 3 then
    acc = acc + i          -- integer
  elseif i <= 6 then
    acc = acc .. i         -- string (first concat converts the number)
  else
    acc = acc + 1          -- string coerced back to a number
  end
  log[#log + 1] = type(acc) .. ":" .. acc
end
print(table.concat(log, " "))

-- float to string keeps the .0 and back to number gives a float
local f = 2.0
f = f .. ""
print(f, type(f), f + 0, math.type(f + 0))
f = "2"
print(math.type(f + 0), math.type(f * 1.0), math.type(f // 1))

-- building a string in a loop where the pieces change type
local pieces = {}
for i = 1, 6 do
  local piece
  if i % 3 == 0 then piece = i / 3 elseif i % 3 == 1 then piece = i else piece = "s" .. i end
  pieces[#pieces + 1] = piece
end
local str = ""
for _, p in ipairs(pieces) do str = str .. p .. "," end
print(str)
print(table.concat(pieces, "|"))
print(pcall(table.concat, {1, 2.5, "x", true}))
