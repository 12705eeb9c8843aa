-- error levels: 1 is the caller of error, 2 the caller's caller, 0 no position
local function lvl(n) error("at level " .. n, n) end
local function callsLvl(n) lvl(n) end
for n = 0, 3 do
  print(n, pcall(callsLvl, n))
end
-- level 2 blames the line of the call
local function check(x)
  if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end
  return x
end
local function user()
  return check("s")
end
print(pcall(user))
-- error with non-string values keeps them unchanged
print(pcall(error, 42))
print(pcall(error, {code = 1}) == false)
local ok, e = pcall(error, {code = 7})
print(ok, type(e), e.code)
print(pcall(error, true))
print(select('#', pcall(error)))
-- numbers as messages do get a position
print(pcall(function() error(3.5) end))
print(pcall(function() error(3.5, 0) end))
-- nested pcall: the inner error does not escape
print(pcall(function()
  local ok2, e2 = pcall(error, "inner")
  return "outer saw: " .. tostring(ok2) .. " " .. e2
end))
-- errors rethrown keep their original position
print(pcall(function()
  local ok3, e3 = pcall(function() error("first") end)
  error(e3, 0)
end))
-- xpcall with a handler that decorates the message
print(xpcall(function() error("oops") end, function(m) return "handled: " .. m end))
print(xpcall(function() return "fine", 2 end, print))
print(xpcall(function() local x = nil; return x.y end, function(m) return m:upper() end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
-- assert messages
print(pcall(assert, false))
print(pcall(assert, nil, "custom message"))
local okA, eA = pcall(assert, false, {1})
print(okA, type(eA), eA[1])
print(pcall(assert, 1, 2, 3))
print(pcall(assert))
