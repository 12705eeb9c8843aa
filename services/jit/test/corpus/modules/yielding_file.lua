local a = coroutine.yield("from file 1")
local b = coroutine.yield("from file 2 got " .. tostring(a))
print("file sees", a, b, coroutine.isyieldable())
if b == "fail" then error("file failed") end
return a, b, "third"
