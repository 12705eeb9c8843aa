-- Yields across pcall and xpcall inside coroutines: the protected call stays protected after the
-- resume, its results reach the pcall, errors after a yield are caught by it.

-- a yield inside pcall, then a normal return
local co = coroutine.create(function(a)
  local ok, x, y = pcall(function(b)
    local got = coroutine.yield(b + 1)
    return got * 2, "done"
  end, a)
  print("pcall gave", ok, x, y)
  return "end"
end)
print(coroutine.resume(co, 10))
print(coroutine.status(co))
print(coroutine.resume(co, 21))
print(coroutine.status(co))

-- an error after the yield is caught by the pcall, not by the resume
co = coroutine.create(function()
  local ok, err = pcall(function()
    coroutine.yield("first")
    error("boom")
  end)
  print("caught", ok, err)
  local ok2, err2 = pcall(function()
    coroutine.yield("second")
    error({ code = 7 })
  end)
  print("caught table", ok2, type(err2), err2.code)
  return "finished"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))

-- nested pcalls, each yielding several times
local function gen(n)
  return coroutine.wrap(function()
    local ok, v = pcall(function()
      for i = 1, n do
        local ok2 = pcall(function()
          coroutine.yield(i)
          if i == 2 then error("skip " .. i) end
          coroutine.yield(-i)
        end)
        if not ok2 then coroutine.yield("recovered " .. i) end
      end
      return "all"
    end)
    coroutine.yield(tostring(ok) .. " " .. tostring(v))
  end)
end
local g = gen(3)
for _ = 1, 8 do print(g()) end

-- xpcall's handler sees an error raised after a yield
co = coroutine.create(function()
  return xpcall(function()
    local v = coroutine.yield("in xpcall")
    error("bad " .. v, 0)
  end, function(m) return "handled: " .. m end)
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "value"))
print(coroutine.status(co))

-- xpcall without an error returns the function's results
co = coroutine.create(function()
  return xpcall(function(a, b)
    local c = coroutine.yield(a + b)
    return a, b, c
  end, print, 1, 2)
end)
print(coroutine.resume(co))
print(coroutine.resume(co, 3))

-- coroutine.running and isyieldable inside a pcall are the coroutine's
local outer
co = coroutine.create(function()
  outer = coroutine.running()
  pcall(function()
    local inner, ismain = coroutine.running()
    print("same thread", inner == outer, ismain, coroutine.isyieldable())
    print("status inside", coroutine.status(outer))
    coroutine.yield()
  end)
end)
coroutine.resume(co)
print("status outside", coroutine.status(co), coroutine.status(outer))
coroutine.resume(co)
print(coroutine.status(co))

-- a coroutine resumed inside a pcall of another coroutine, each yielding
local inner = coroutine.create(function()
  pcall(function()
    coroutine.yield("inner 1")
    coroutine.yield("inner 2")
  end)
  return "inner done"
end)
co = coroutine.create(function()
  pcall(function()
    for _ = 1, 3 do
      local ok, v = coroutine.resume(inner)
      coroutine.yield("outer saw " .. tostring(ok) .. " " .. tostring(v))
    end
  end)
  return "outer done"
end)
for _ = 1, 4 do print(coroutine.resume(co)) end

-- upvalues of a function inside the pcall, across the yield, and closed after it
co = coroutine.create(function()
  local fs = {}
  pcall(function()
    for i = 1, 3 do
      local x = i * 10
      fs[i] = function() x = x + 1; return x end
      coroutine.yield(fs[i]())
    end
  end)
  return fs[1](), fs[2](), fs[3]()
end)
for _ = 1, 4 do print(coroutine.resume(co)) end

-- closing a coroutine suspended inside a pcall
co = coroutine.create(function()
  pcall(function() coroutine.yield(1) end)
end)
coroutine.resume(co)
print(coroutine.close(co), coroutine.status(co))

-- pcall of a tail call position: return pcall(f)
co = coroutine.create(function()
  return pcall(function() return coroutine.yield("tail") .. "!" end)
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "back"))

-- an error with a position, raised after the yield, keeps its position
co = coroutine.create(function()
  local ok, e = pcall(function()
    coroutine.yield()
    local t = nil
    return t.x
  end)
  print(ok, e)
end)
coroutine.resume(co)
coroutine.resume(co)

-- error levels inside the protected function reach past the pcall to its caller's line
co = coroutine.create(function()
  local ok, e = pcall(function()
    coroutine.yield()
    error("level 3", 3)
  end)
  print(ok, e)
  print(pcall(function() error("level 2", 2) end))
end)
coroutine.resume(co)
coroutine.resume(co)

-- nested pcalls in a coroutine stop at lua5.4's C stack depth, and a runaway recursion in one is caught
local function f(n)
  if n == 0 then coroutine.yield("bottom") return 0 end
  local ok, v = pcall(f, n - 1)
  if not ok then return "err: " .. tostring(v) end
  return v + 1
end
for _, d in ipairs({10, 100, 180, 190, 195, 200, 250}) do
  local co = coroutine.create(f)
  local a, b = coroutine.resume(co, d)
  local c, e = coroutine.resume(co)
  print(d, a, b, c, e)
end
-- a runaway recursion inside a pcall inside a coroutine
local co = coroutine.wrap(function()
  local function r(n) return r(n + 1) + 1 end
  local ok, e = pcall(r, 1)
  print(ok, e)
  coroutine.yield(1)
  return 2
end)
print(co(), co())
-- a wrap generator used by a for loop, with pcall in the body
local function items(t)
  return coroutine.wrap(function()
    for i, v in ipairs(t) do
      local ok = pcall(function() if v == "bad" then error("bad item") end coroutine.yield(i, v) end)
      if not ok then coroutine.yield(i, "skipped") end
    end
  end)
end
for i, v in items({"a", "bad", "c"}) do print(i, v) end
