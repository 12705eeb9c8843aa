-- an upvalue shared by closures changes type between calls
local state = 0
local function bump() state = state + 1; return state end
local function stringify() state = "<" .. state .. ">"; return state end
local function reset() state = nil end
local function get() return type(state), state end

print(bump(), bump(), get())
print(stringify(), get())
print(pcall(bump))
reset()
print(get())
print(pcall(bump))
state = 2.5
print(bump(), get())

-- counters created in a loop, each with its own upvalue that changes type independently
local counters = {}
for i = 1, 3 do
  local c = i
  counters[i] = function(step)
    c = c + step
    return c
  end
end
for round = 1, 3 do
  local row = {}
  for i = 1, 3 do
    local step = (round == i) and 0.25 or 1
    row[#row + 1] = counters[i](step)
  end
  print(round, row[1], row[2], row[3])
end

-- an upvalue holding a table that is replaced by a number
local box = {v = 1}
local function read() return box.v end
print(pcall(read))
box = 5
print(pcall(read))
box = setmetatable({}, {__index = function(_, k) return k .. "?" end})
print(pcall(read))
