-- Coroutines in hot loops: traced loops that resume coroutines (a producer yielding floats, then
-- strings, then nil to stop), wrapped generators as for iterators, and coroutines whose own loops are
-- hot and read upvalues of the traced code; the types of yielded values change mid-loop.
local function producer(n)
  return coroutine.create(function()
    for i = 1, n do
      if i <= n // 2 then coroutine.yield(i * 1.5) else coroutine.yield(tostring(i)) end
    end
    return nil
  end)
end
local p = producer(3000)
local sum, strs = 0, 0
while true do
  local ok, v = coroutine.resume(p)
  if v == nil then break end
  if type(v) == "number" then sum = sum + v else strs = strs + #v end
end
print(sum, strs, coroutine.status(p))

local function range(n, step)
  return coroutine.wrap(function() for i = 1, n, step do coroutine.yield(i, i * i) end end)
end
local total = 0
for j = 1, 60 do
  for v, sq in range(50, j % 3 + 1) do total = total + v * j + sq end
end
print(total)

local scale = 2
local acc = coroutine.wrap(function()
  local a = 0
  while true do
    for i = 1, 200 do a = a + i * scale end
    local cmd = coroutine.yield(a)
    if cmd == "float" then scale = scale + 0.25 elseif cmd == "stop" then return "stopped", a end
  end
end)
local seen = {}
for k = 1, 30 do seen[#seen + 1] = acc(k % 7 == 0 and "float" or nil) end
print(#seen, seen[1], seen[15], seen[30], acc("stop"))

-- a round-robin scheduler over coroutines that yield different counts
local tasks, log = {}, {}
for id = 1, 5 do
  tasks[#tasks + 1] = coroutine.create(function()
    for step = 1, id * 20 do
      if step % 20 == 0 then log[#log + 1] = id .. ":" .. step end
      coroutine.yield()
    end
  end)
end
local alive = #tasks
while alive > 0 do
  alive = 0
  for _, t in ipairs(tasks) do
    if coroutine.status(t) ~= "dead" then
      coroutine.resume(t)
      if coroutine.status(t) ~= "dead" then alive = alive + 1 end
    end
  end
end
print(#log, table.concat(log, " "))
