-- continue patterns with goto in every kind of loop
local out = {}
for i = 1, 10 do
  if i % 3 == 0 then goto continue end
  out[#out + 1] = i
  ::continue::
end
print(table.concat(out, " "))

out = {}
local i = 0
while i < 10 do
  i = i + 1
  if i % 2 == 1 then goto continue end
  out[#out + 1] = i
  ::continue::
end
print(table.concat(out, " "))

out = {}
i = 0
repeat
  i = i + 1
  if i == 2 then goto skip end
  out[#out + 1] = i
  ::skip::
until i >= 5
print(table.concat(out, " "))

out = {}
for _, w in ipairs({"a", "", "b", "", "c"}) do
  if w == "" then goto next_word end
  out[#out + 1] = w:upper()
  ::next_word::
end
print(table.concat(out, ","))

-- continue in nested loops and breaking out of both with goto
out = {}
for a = 1, 4 do
  for b = 1, 4 do
    if b > a then goto next_a end
    if (a + b) % 2 == 1 then goto next_b end
    out[#out + 1] = a .. b
    ::next_b::
  end
  ::next_a::
end
print(table.concat(out, " "))

local found
for a = 1, 5 do
  for b = 1, 5 do
    if a * b == 12 then found = a .. "x" .. b; goto done end
  end
end
::done::
print(found)

-- a backward goto loop
local n, acc = 0, {}
::top::
n = n + 1
acc[#acc + 1] = n * n
if n < 5 then goto top end
print(table.concat(acc, " "))

-- goto into a label at the end of a block, with a local defined before it
do
  local x = 1
  if x then goto finish end
  x = 2
  ::finish::
  print("x is", x)
end

-- labels with the same name in different functions and blocks
local function f()
  for k = 1, 2 do
    do goto c end
    ::c::
  end
  goto c
  ::c::
  return "f done"
end
print(f())
