-- __index chains mixing tables and functions
local base = {greet = function(self) return "hi from " .. self.name end, kind = "base"}
local mid = setmetatable({kind = "mid"}, {__index = base})
local obj = setmetatable({name = "obj"}, {__index = mid})
print(obj:greet(), obj.kind, rawget(obj, "kind"), obj.missing)

-- five levels deep, value only at the bottom
local bottom = {deep = "found"}
local cur = bottom
for lvl = 1, 5 do cur = setmetatable({["l" .. lvl] = lvl}, {__index = cur}) end
print(cur.deep, cur.l1, cur.l5, cur.l6)

-- a function __index at the end of a table chain, recording the lookups
local log = {}
local fnidx = setmetatable({}, {__index = function(t, k) log[#log + 1] = k; return k .. "!" end})
local chain = setmetatable({}, {__index = setmetatable({}, {__index = fnidx})})
print(chain.a, chain.b, chain[1])
print(table.concat(log, ","))

-- __index is not consulted for existing keys, even when the value is false
local f = setmetatable({flag = false}, {__index = function() return "meta" end})
print(f.flag, f.other)

-- __newindex to a table, then to a function; rawset bypasses both
local store = {}
local proxy = setmetatable({}, {__newindex = store, __index = store})
proxy.a = 1
print(rawget(proxy, "a"), store.a, proxy.a)
local writes = {}
local watched = setmetatable({}, {__newindex = function(t, k, v)
  writes[#writes + 1] = k .. "=" .. tostring(v)
  rawset(t, k, v)
end})
watched.x = 1
watched.x = 2 -- existing key: no metamethod
watched.y = nil
rawset(watched, "z", 3)
print(table.concat(writes, " "), watched.x, watched.z)

-- __newindex chain through a table that itself has __newindex
local sink = {}
local inner = setmetatable({}, {__newindex = sink})
local outer = setmetatable({}, {__newindex = inner})
outer.k = "v"
print(rawget(outer, "k"), rawget(inner, "k"), sink.k)

-- __index on strings goes to the string table
print(("abc").len == string.len, ("abc"):upper(), #string.rep("ab", 3))
local smt = getmetatable("")
print(smt.__index == string)

-- indexing a non-table value with no __index
print(pcall(function() local n = 5; return n.x end))
print(pcall(function() return (true).x end))
