-- collectgarbage() clears weak tables as lua5.4's full collection does: weak keys (ephemerons), weak
-- values, both; strings, numbers and library functions stay; closures, coroutines and wrapped
-- coroutines keep what they hold.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local wkv = setmetatable({}, {__mode = "kv"})
local keep = {}
wk[keep] = "kept"; wk[{}] = "dropped"; wk["str"] = {}; wk[1] = {}; wk[print] = {}
wv[1] = keep; wv[2] = {}; wv.x = "string stays"; wv.f = function() end; wv.n = 42; wv.p = print
wkv[keep] = {}; wkv[{}] = keep; wkv.a = keep
print(count(wk), count(wv), count(wkv))
collectgarbage()
print(count(wk), count(wv), count(wkv))
print(wk[keep], wv[1] == keep, wv.x, wv.n, wv.p == print, wkv.a == keep, wv.f)

-- an ephemeron whose value refers to its own key goes; one whose key lives stays
local e = setmetatable({}, {__mode = "k"})
do local k = {}; e[k] = {ref = k} end
local k2 = {}; e[k2] = {ref = k2}
collectgarbage()
print("ephemerons", count(e), e[k2].ref == k2)

-- a chain through ephemerons: a key reached only through another entry's value stays
local chain = setmetatable({}, {__mode = "k"})
local a, b, c = {}, {}, {}
chain[a] = b; chain[b] = c; chain[c] = "end"
b, c = nil, nil
collectgarbage()
print("chain", count(chain))
a = nil
collectgarbage()
print("chain after", count(chain))

-- what closures, coroutines and their locals hold stays
local wc = setmetatable({}, {__mode = "k"})
local key1, key2 = {}, {}
local f = function() return key1 end
local co = coroutine.create(function() local x = key2; coroutine.yield(); return x end)
coroutine.resume(co)
wc[key1] = 1; wc[key2] = 2; wc[{}] = 3
key1, key2 = nil, nil
collectgarbage()
print("via closure and coroutine", count(wc))
f, co = nil, nil
collectgarbage()
print("after dropping them", count(wc))

local gen = setmetatable({}, {__mode = "v"})
local w = coroutine.wrap(function() local t = {}; gen.inner = t; coroutine.yield(); return #t end)
w()
collectgarbage()
print("wrap keeps", gen.inner ~= nil, w())

-- inside functions, pcall and a coroutine
local function inner()
  local t = setmetatable({}, {__mode = "v"})
  local held = {}
  t[1], t[2] = held, {}
  collectgarbage("collect")
  return #t, t[1] == held
end
print(inner())
print(pcall(inner))
print(coroutine.wrap(inner)())
print(select("#", collectgarbage()), collectgarbage("collect"))

-- a metatable given __mode after setmetatable counts at collection time
local late = setmetatable({}, {__mode = "v"})
local mt = {}
local late2 = setmetatable({}, mt)
mt.__mode = "k"
late[1] = {}; late2[{}] = 1
collectgarbage()
print("late", count(late), count(late2))

-- tables a collection marked go on working: new keys of every kind, traversal, tostring identities
local w2 = setmetatable({}, {__mode = "v"})
local ts = {}
for i = 1, 100 do ts[i] = {i} end
w2[1] = ts[1]
collectgarbage()
for i = 1, 100 do local t = ts[i]; t[{}] = i; t[2.5] = i; t[1000] = i; t.x = i end
collectgarbage()
local s, n = 0, 0
for i = 1, 100 do for k, v in pairs(ts[i]) do n = n + 1; if type(v) == "number" then s = s + v end end end
local seen = {}
local distinct = 0
for i = 1, 100 do local a = tostring(ts[i]); if not seen[a] then seen[a] = true; distinct = distinct + 1 end end
print(n, s, distinct, w2[1] == ts[1], #ts[50])
collectgarbage()
print(next(ts[3]) ~= nil, ts[7][1000], ts[7].x, ts[7][2.5])
