-- A loop calling select(k, ...) in a function whose varargs outnumber its registers: the values the
-- VARARG spreads past the frame are read by the call's "to top" operand, so a side exit between
-- them must store them too (they were left stale, and select saw the wrong values).
local function show(x)
  return type(x) .. ":" .. tostring(x)
end

local function emit(...)
  local parts = {}
  for k = 1, select("#", ...) do parts[k] = show((select(k, ...))) end
  print(table.concat(parts, " "))
end

for rep = 1, 4 do
  emit("loop", rep, rep % 2 == 0, "boom", 7, 2.5, nil, rep * 3)
end

local function count(...)
  local n = 0
  for k = 1, select("#", ...) do
    local v = select(k, ...)
    if type(v) == "number" then n = n + v elseif v then n = n + 1 end
  end
  return n
end
for rep = 1, 3 do
  print(count(1, "a", false, 2.5, true, nil, 3, "b", 4, {}, 5))
end
