-- Natives that yield with no CALL calling them, as lua5.4 lets them: a coroutine whose body is a native
-- (coroutine.yield itself, pcall, select), and metamethods that are natives (every event set to
-- coroutine.yield), whose instruction finishes with what the resume gives; and tracebacks of such
-- coroutines.
local function run(name, co, ...)
  local args = table.pack(...)
  for i = 1, 6 do
    local r = table.pack(coroutine.resume(co, args[i]))
    for j = 1, r.n do if type(r[j]) == "table" then r[j] = "tbl" end end
    print(name, i, coroutine.status(co), table.unpack(r, 1, r.n))
    if coroutine.status(co) == "dead" then return end
  end
end
run("body yield", coroutine.create(coroutine.yield), 1, 2)
run("body pcall", coroutine.create(pcall), function(a) return coroutine.yield(a) + 1 end, 5)
run("body select", coroutine.create(select), 2, "a", "b")
run("body error", coroutine.create(error), "boom")
run("body sort", coroutine.create(table.sort), {3, 1, 2}, function(a, b) coroutine.yield() return a < b end)
local w = coroutine.wrap(coroutine.yield)
print("wrap", w(1, 2), w(3))
print(pcall(w))
local mt = { __index = coroutine.yield, __newindex = coroutine.yield, __add = coroutine.yield,
  __lt = coroutine.yield, __le = coroutine.yield, __concat = coroutine.yield, __eq = coroutine.yield,
  __unm = coroutine.yield, __len = coroutine.yield, __call = coroutine.yield }
local a, b = setmetatable({}, mt), setmetatable({}, mt)
run("index", coroutine.create(function() print("got", a.foo) end), nil, "F")
run("newindex", coroutine.create(function() a.x = 1 print("set", rawget(a, "x")) end), nil, "N")
run("add", coroutine.create(function() print("got", a + 1) end), nil, 41)
run("lt", coroutine.create(function() print("got", a < b, a < b) end), nil, false, 1)
run("le", coroutine.create(function() print("got", a <= b) end), nil, nil)
run("eq", coroutine.create(function() print("got", a == b) end), nil, 0)
run("concat", coroutine.create(function() print("got", "x" .. a .. "y") end), nil, "C")
run("unm", coroutine.create(function() print("got", -a) end), nil, "U")
run("len", coroutine.create(function() print("got", #a) end), nil, 7)
run("call", coroutine.create(function() print("got", a(1, 2)) end), nil, "c1", "c2")
run("for", coroutine.create(function() for k, v in coroutine.yield, "s", 0 do print("it", k, v) if k > 2 then break end end end), nil, 1, 2, 3)
local co = coroutine.create(function() return a.foo end)
coroutine.resume(co)
print(debug.traceback(co, "tb"))
local co2 = coroutine.create(coroutine.yield)
coroutine.resume(co2, 1)
print(debug.traceback(co2, "tb2"))

-- __pairs: pairs calls it with a continuation (lua_callk), so it may yield, written in Lua or a native;
-- pairs gives exactly three of its values
print(pairs(setmetatable({}, {__pairs=function() return 1 end})))
print(select("#", pairs(setmetatable({}, {__pairs=function() return 1,2,3,4,5 end}))))
local PP = setmetatable({}, {__pairs = function(t) local x = coroutine.yield("p") return next, {a = x}, nil end})
local QQ = setmetatable({}, {__pairs = coroutine.yield})
local cp = coroutine.create(function()
  for k, v in pairs(PP) do print("it", k, v) end
  print("n", select("#", pairs(PP)))
  print("q", pairs(QQ))
  print("pq", pcall(pairs, QQ))
  return "end"
end)
for i = 1, 6 do
  local r = table.pack(coroutine.resume(cp, i, i + 1, i + 2, i + 3))
  for j = 1, r.n do if type(r[j]) == "table" then r[j] = "tbl" elseif type(r[j]) == "function" then r[j] = "fn" end end
  print(table.unpack(r, 1, r.n))
  if i == 2 then print(debug.traceback(cp, "tbP")) end
  if i == 3 then print(debug.traceback(cp, "tbQ")) end
end
for i = 1, 3 do for k in pairs(setmetatable({}, {__pairs = function(t) return next, {1}, nil end})) do print("hot", k) end end
