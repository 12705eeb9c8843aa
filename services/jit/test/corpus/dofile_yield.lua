-- dofile inside a coroutine: the file may yield, as lua5.4's dofile calls it with a continuation, and
-- its results are dofile's; an error in it after a yield leaves its frames for a traceback.
local co = coroutine.wrap(function(mode)
  local r = { dofile("modules/yielding_file.lua") }
  print("dofile returned", table.unpack(r))
  local ok2, e2 = pcall(function() return dofile("modules/yielding_file.lua") end)
  print("pcall(function dofile)", ok2, e2)
  print(select("#", dofile("modules/yielding_file.lua")))
  return "end"
end)
print(co())
print(co("A"))
print(co("B"))
print(co("p"))
print(co("fail"))
print(co("q"))
print(co("r"))
local co2 = coroutine.create(function() dofile("modules/yielding_file.lua") end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, 1))
print(coroutine.resume(co2, "fail"))
print(debug.traceback(co2, "dead"))
