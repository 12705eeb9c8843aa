-- collectgarbage("step") collects what a program just dropped, as lua5.4's step does: finalizers run
-- and weak tables lose their entries; its answer is lua5.4's in both modes.
local n = 0
local function drop(tag)
  setmetatable({}, { __gc = function() n = n + 1 print("gc", tag) end })
end
local weak = setmetatable({}, { __mode = "k" })
weak[{}] = "gone"
local kept = {}
weak[kept] = "kept"
drop("a")
print(collectgarbage("step"), n)
local left = {}
for k, v in pairs(weak) do left[#left + 1] = v end
print(#left, left[1], weak[kept])
drop("b")
print(collectgarbage("step", 0), n)
drop("c")
print(collectgarbage("step", 1000), n)
collectgarbage("incremental")
drop("d")
print(collectgarbage("step"), n)
local steps = 0
repeat steps = steps + 1 until collectgarbage("step")
print(steps >= 1, n)
drop("e")
collectgarbage("stop")
print(collectgarbage("step", 1000000), n, collectgarbage("isrunning"))
collectgarbage("restart")
collectgarbage("generational")
-- weak values: a step clears those only a weak table holds
local cache = setmetatable({}, { __mode = "v" })
cache.x = {}
cache.y = kept
print(collectgarbage("step"), cache.x, cache.y == kept)
