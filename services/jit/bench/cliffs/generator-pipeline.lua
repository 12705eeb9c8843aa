-- Generators chained with coroutine.wrap: numbers, a filter, a map and a windowed sum, each stage a
-- coroutine pulling from the one before (every item crosses three resumes and three yields), then a
-- scheduler round-robin over tasks that yield between steps. Before yields returned from the
-- coroutine's loop (2fa3d03), every yield was a JS throw: ~27x lua5.4.
local function numbers(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end

local function filter(pred, src)
  return coroutine.wrap(function()
    for v in src do
      if pred(v) then coroutine.yield(v) end
    end
  end)
end

local function map(f, src)
  return coroutine.wrap(function()
    for v in src do coroutine.yield(f(v)) end
  end)
end

local function window(k, src)
  return coroutine.wrap(function()
    local buf, sum, n = {}, 0, 0
    for v in src do
      n = n + 1
      local slot = n % k + 1
      sum = sum + v - (buf[slot] or 0)
      buf[slot] = v
      if n >= k then coroutine.yield(sum) end
    end
  end)
end

local total, count = 0, 0
for s in window(8, map(function(v) return v * v % 1000 end, filter(function(v) return v % 3 ~= 0 end, numbers(600000)))) do
  total = total + s
  count = count + 1
end
print(count, total)

-- a scheduler: tasks that each do a little work and yield, resumed round-robin until all are done
local tasks = {}
for t = 1, 50 do
  tasks[t] = coroutine.create(function(steps)
    local acc = 0
    for i = 1, steps do
      acc = acc + (i * t) % 7
      coroutine.yield(acc)
    end
    return acc
  end)
end
local live, results, rounds = #tasks, {}, 0
while live > 0 do
  rounds = rounds + 1
  for t = 1, #tasks do
    local co = tasks[t]
    if coroutine.status(co) == "suspended" then
      local ok, v = coroutine.resume(co, 4000 + t)
      assert(ok, v)
      if coroutine.status(co) == "dead" then
        results[#results + 1] = v
        live = live - 1
      end
    end
  end
end
local sum = 0
for _, v in ipairs(results) do sum = sum + v end
print(rounds, #results, sum)
