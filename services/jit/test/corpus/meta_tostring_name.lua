-- __tostring is used by print and tostring; __name appears in type errors
local P = {__tostring = function(p) return "Point(" .. p.x .. "," .. p.y .. ")" end}
local p = setmetatable({x = 1, y = 2}, P)
print(p)
print(tostring(p), "in concat: " .. tostring(p))
print(p, p, 1, nil)
io.write(tostring(p), "\n")
print(string.format("%s|%10s", p, setmetatable({}, {__tostring = function() return "x" end})))

-- __tostring must return a string
local bad = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, bad))
print(pcall(print, bad))
local bad2 = setmetatable({}, {__tostring = function() return nil end})
print(pcall(tostring, bad2))

-- __name is used by tostring (with the address) and by error messages
local named = setmetatable({}, {__name = "MyType"})
local s = tostring(named)
print(s:sub(1, 8), s:find("MyType: ", 1, true))
print(pcall(function() return named + 1 end))
print(pcall(function() return named < named end))
print(pcall(function() return #named .. named end))
print(pcall(function() local n = named; return n() end))
print(pcall(function() return -named end))
print(pcall(function() return named .. "x" end))
print(pcall(string.rep, named))
-- __name that is not a string is ignored
local odd = setmetatable({}, {__name = 5})
print(tostring(odd):sub(1, 7), pcall(function() return odd + 1 end))
-- __tostring takes precedence over __name
local both = setmetatable({}, {__name = "N", __tostring = function() return "TS" end})
print(both, tostring(both))
-- error objects with __tostring are printed through it by pcall users
local E = setmetatable({msg = "boom"}, {__tostring = function(e) return "E:" .. e.msg end})
local ok, err = pcall(error, E)
print(ok, tostring(err), err == E)
-- the address part differs between runs, the prefix does not
print(tostring(print):sub(1, 10), tostring(function() end):sub(1, 10), tostring({}):sub(1, 7))
print(tostring(string.rep):find("function: ", 1, true), tostring(setmetatable({}, {})):find("table: ", 1, true))
