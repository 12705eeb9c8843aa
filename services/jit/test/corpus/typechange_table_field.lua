-- one table field cycles through types while a loop reads and updates it
local t = {x = 1}
for i = 1, 12 do
  local x = t.x
  if math.type(x) == "integer" then
    t.x = x < 4 and x * 2 or x / 2
  elseif math.type(x) == "float" then
    t.x = x > 1 and string.format("%.1f", x) or nil
  elseif type(x) == "string" then
    t.x = { x }
  elseif type(x) == "table" then
    t.x = #x[1] + 0.0
  else
    t.x = true
  end
  print(i, type(t.x), tostring(t.x):sub(1, 5) == "table" and "table" or tostring(t.x))
end

-- array slots whose types change while iterating with ipairs
local arr = {1, 2, 3, 4, 5}
for i, v in ipairs(arr) do
  if i < #arr then arr[i + 1] = arr[i + 1] + v / 2 end
  io.write(i, ":", arr[i], " ")
end
print()

-- pairs over a table where values are replaced (allowed: assigning existing fields)
local rec = {a = 1, b = 2, c = 3}
local keys = {}
for k in pairs(rec) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do rec[k] = rec[k] .. "" end
for _, k in ipairs(keys) do io.write(k, "=", type(rec[k]), " ") end
print()

-- an integer key becoming a float key of the same value addresses the same slot
local slots = {}
for i = 1, 4 do
  local k = (i % 2 == 0) and i + 0.0 or i
  slots[k] = math.type(k)
end
for i = 1, 4 do print(i, slots[i], slots[i + 0.0]) end
print(#slots, slots[1.5])
