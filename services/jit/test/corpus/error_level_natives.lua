-- error levels counted through library functions (which have no line information)
print(pcall(error, "direct", 1))
print(pcall(error, "direct2", 2))
print(pcall(error, "direct3", 3))
print(pcall(pcall, error, "twice", 2))
local function thrower(level) error("from thrower", level) end
local function mid(level) thrower(level) end
for level = 1, 4 do print(level, pcall(mid, level)) end
print(xpcall(thrower, function(m) return "handled " .. m end, 2))
-- assert and argument errors name the calling line
local function bad() return ("x"):rep({}) end
print(pcall(bad))
print(pcall(string.rep))
print(pcall(function() return string.rep() end))
print(pcall(function() local ok, e = pcall(error, "inner", 2); error(e, 0) end))
-- errors in iterators called by the generic for
local function iter() error("iter failed", 2) end
print(pcall(function()
  for _ in iter do end
end))
-- error with level 2 from a function called by table.sort's comparator
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("no compare", 2) end))
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("no compare1") end))
