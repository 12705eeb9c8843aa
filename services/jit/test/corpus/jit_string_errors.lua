-- Errors raised by traced string calls: the same message and line as without the JIT, in pcall and
-- uncaught.
local function try(f, ...)
  local ok, err = pcall(f, ...)
  print(ok, err)
end

try(function()
  local t = {}
  for i = 1, 100 do t[#t + 1] = ("ab"):rep(i == 90 and 1.5 or 2) end
  return #t
end)

try(function()
  local t = {}
  for i = 1, 100 do t[#t + 1] = string.char(97, 150 + i) end
  return #t
end)

try(function()
  local n = 0
  for i = 1, 100 do n = n + #string.format("%d:%5.1f", i == 77 and i + 0.5 or i, i / 3) end
  return n
end)

try(function()
  local n = 0
  local s = "abcdef"
  for i = 1, 100 do n = n + s:byte(i % 6 + 1) + #s:sub(i, i == 60 and {} or i + 2) end
  return n
end)

try(function()
  local n = 0
  for i = 1, 100 do n = n + #string.format(i < 80 and "%d" or "%y", i) end
  return n
end)

try(function()
  local n = 0
  for i = 1, 100 do n = n + #tostring(i) + #string.rep("x", 3, i == 50 and {} or ",") end
  return n
end)

try(function()
  local n = 0
  for i = 1, 100 do
    local v = i == 70 and nil or "s"
    n = n + #v:upper()
  end
  return n
end)

-- Inside an inlined function after it stored: the interpreter gets its frame and raises there.
local log = {}
local function rep(s, n)
  log[#log + 1] = n
  return s:rep(n) .. string.format("%d", n)
end
try(function()
  local n = 0
  for i = 1, 100 do n = n + #rep("ab", i == 80 and 1.5 or 2) end
  return n
end)
print(#log)

-- Errors in a loop that keeps running under pcall: the exit is taken again and again.
local errs = 0
for i = 1, 300 do
  local ok = pcall(string.rep, "x", i % 3 == 0 and 0.5 or 2)
  local ok2, e = pcall(function() return ("x"):rep(i % 4 == 0 and 0.5 or 2) end)
  if not ok then errs = errs + 1 end
  if not ok2 then errs = errs + 1; if i == 4 then print(e) end end
end
print("errs", errs)

local total = 0
for i = 1, 200 do
  total = total + #string.format("%5.2f|%x", i / 7, i == 150 and 2.5 or i)
end
print(total)
