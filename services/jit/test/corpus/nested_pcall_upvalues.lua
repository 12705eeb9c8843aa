local log = {}
local function risky(n)
  local captured = n * 10
  local f = function() return captured end
  if n % 2 == 0 then error("even " .. n) end
  return f()
end
for i = 1, 4 do
  local ok, v = pcall(risky, i)
  log[#log + 1] = tostring(ok) .. ":" .. tostring(v)
end
print(table.concat(log, " | "))
