-- one function called with arguments whose types change from call to call
local function add(a, b) return a + b end
local args = {
  {1, 2}, {1, 2.5}, {"3", 4}, {2^53, 1}, {math.maxinteger, 1}, {1.5, "0x10"},
}
for i, p in ipairs(args) do
  local r = add(p[1], p[2])
  print(i, r, math.type(r))
end

-- the same call site returns different types
local function pick(i)
  if i % 4 == 0 then return "s" .. i
  elseif i % 4 == 1 then return i
  elseif i % 4 == 2 then return i / 2
  else return nil end
end
for i = 0, 7 do
  local v = pick(i)
  print(i, type(v), math.type(v), v)
end

-- a recursive function whose accumulator changes type deep in the recursion
local function walk(n, acc)
  if n == 0 then return acc end
  if n == 3 then acc = acc + 0.0 end
  if n == 1 then acc = acc .. "!" end
  return walk(n - 1, acc)
end
print(walk(6, 0), walk(2, 5), walk(0, "x"))

-- a polymorphic "length" helper used in a loop over mixed values
local function size(v)
  local tv = type(v)
  if tv == "string" or tv == "table" then return #v end
  if tv == "number" then return v end
  return -1
end
local mixed = {"abc", {1, 2}, 7, 2.5, true, "", {}}
local total = 0
for i = 1, #mixed do
  total = total + size(mixed[i])
  print(i, type(mixed[i]), total)
end

-- callbacks passed in a loop: function -> callable table -> nil
local callables = {
  function(x) return x * 2 end,
  setmetatable({}, {__call = function(self, x) return x + 100 end}),
  false,
}
for i = 1, 3 do
  print(i, pcall(function() return callables[i](i) end))
end
