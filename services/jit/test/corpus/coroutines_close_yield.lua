-- __close metamethods that yield inside a coroutine: at a block's end, and while a pcall's or
-- xpcall's error unwinds (lua5.4's finishpcallk closes yieldably); coroutine.close cannot let them.
local function yc(name) return setmetatable({}, { __close = function(_, e) print("closing", name, e); local r = coroutine.yield("in close " .. name); print("after yield", r) end }) end
local co = coroutine.create(function()
  local a <close> = yc("a")
  coroutine.yield("first")
end)
print(coroutine.resume(co))
print(pcall(coroutine.close, co))
print(coroutine.status(co))
local co2 = coroutine.create(function()
  local ok, e = pcall(function()
    local b <close> = yc("b")
    error("boom")
  end)
  print("pcall gave", ok, e)
  return "end"
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, "R"))
print(coroutine.status(co2))
-- several variables, yields and an error in a __close after a yield, through xpcall's handler
local function yc2(name, fail) return setmetatable({}, { __close = function(_, e)
  print("closing", name, e)
  local r = coroutine.yield("in close " .. name)
  if fail then error("close " .. name .. " failed after " .. tostring(r)) end
end }) end
local co3 = coroutine.create(function()
  print("xpcall gave", xpcall(function()
    local a <close> = yc2("a")
    local b <close> = yc2("b", true)
    local c <close> = yc2("c")
    error("boom3")
  end, function(m) return "handled: " .. tostring(m) end))
  -- an error inside a metamethod, with variables of the metamethod and its caller to close
  print("pcall gave", pcall(function()
    local outer <close> = yc2("outer")
    local t = setmetatable({}, { __index = function(t, k)
      local inner <close> = yc2("inner")
      coroutine.yield("in index")
      error("index " .. k)
    end })
    return t.key
  end))
  return "end3"
end)
local r = { coroutine.resume(co3) }
local n = 0
while coroutine.status(co3) == "suspended" do
  print(table.unpack(r))
  n = n + 1
  r = { coroutine.resume(co3, "R" .. n) }
end
print(table.unpack(r))
-- closed while suspended in the unwinding
local co4 = coroutine.create(function()
  local top <close> = setmetatable({}, { __close = function(_, e) print("top closed", e) end })
  pcall(function()
    local x <close> = yc2("x")
    local y <close> = yc2("y")
    error("boom4")
  end)
end)
print(coroutine.resume(co4))
print(coroutine.close(co4))
