-- __gc finalizers: a full collection runs those of unreachable objects, newest marked first; an object
-- is marked only if its metatable has __gc when setmetatable is called; a finalizer may resurrect its
-- object; the rest run when the program ends (lua_close), newest first, and their errors are warnings.
warn("@on")
local log = {}
for i = 1, 3 do setmetatable({i}, {__gc = function(o) log[#log + 1] = o[1] end}) end
collectgarbage()
print("finalized", table.concat(log, ","))

local mt = {}
local late = setmetatable({}, mt)
mt.__gc = function() print("never: __gc added after setmetatable") end
late = nil
collectgarbage()

local res
setmetatable({}, {__gc = function(o) res = o end})
collectgarbage()
print("resurrected", type(res))
res = nil
collectgarbage()
print("again", type(res))

-- weak values lose a finalized object at once; weak keys keep it for this collection
local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
do
  local o = setmetatable({}, {__gc = function() end})
  wv[1] = o; wk[o] = true
end
collectgarbage()
local n = 0 for _ in pairs(wk) do n = n + 1 end
print("weak after finalizing", wv[1], n)
collectgarbage()
n = 0 for _ in pairs(wk) do n = n + 1 end
print("next collection", n)

-- errors in finalizers are warnings, the program goes on
setmetatable({}, {__gc = function() error("boom") end})
setmetatable({}, {__gc = function() error({}) end})
setmetatable({}, {__gc = 42})
collectgarbage()
print("after errors")

-- a finalizer that calls collectgarbage, and one set with a __gc that becomes a function later
setmetatable({}, {__gc = function() collectgarbage(); print("nested collect ok") end})
collectgarbage()
local t = setmetatable({}, {__gc = true})
getmetatable(t).__gc = function() print("replaced later, at close") end

-- the ones still reachable run at close, newest first; one made during close is not finalized
for i = 1, 3 do
  _G["g" .. i] = setmetatable({}, {__gc = function() print("close", i) end})
end
setmetatable({}, {__gc = function()
  setmetatable({}, {__gc = function() print("never: made during close") end})
  print("first at close")
end})
print("end of main")
