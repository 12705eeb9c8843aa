-- load parses on top of the C calls running, as lua_load does: a deeply nested chunk that loads in
-- the main chunk fails inside a coroutine, pcalls or a metamethod, with "C stack overflow", a runtime
-- error that lua.c's message handler sees (its traceback is part of the message) and pcall's does not.
for n = 190, 200 do
  local src = "return " .. string.rep("(", n) .. "1" .. string.rep(")", n)
  local f, e = load(src)
  print(n, f ~= nil, e)
end
coroutine.wrap(function()
  for n = 190, 200 do
    local f, e = load("return " .. string.rep("(", n) .. "1" .. string.rep(")", n))
    print("coroutine", n, f ~= nil, e)
  end
end)()
local function nest(k, f)
  if k == 0 then return f() end
  return select(2, pcall(nest, k - 1, f))
end
for k = 0, 6, 3 do
  print("pcalls", k, nest(k, function()
    for n = 180, 200 do
      if not load("return " .. string.rep("(", n) .. "1" .. string.rep(")", n)) then return n end
    end
  end))
end
local t = setmetatable({}, { __index = function(_, k) return load(k) end })
print(t["return " .. string.rep("(", 195) .. "1" .. string.rep(")", 195)])
print(t["return " .. string.rep("(", 196) .. "1" .. string.rep(")", 196)])
