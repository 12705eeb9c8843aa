-- Loops that cannot be traced (calls to print, pcall, string functions, closures, varargs) run in
-- the interpreter after their recordings abort.
for i = 1, 200 do
  if i % 50 == 0 then print("tick", i) end
  local ok = pcall(error, i)
  if not ok and i % 100 == 0 then io.write("caught ", i, "\n") end
end
local fs = {}
for i = 1, 100 do fs[i] = function() return i end end
print(fs[1](), fs[100]())
local function sum(...) local s = 0 for _, v in ipairs({ ... }) do s = s + v end return s end
local t = 0
for i = 1, 100 do t = t + sum(i, 1, 2) end
print(t)
