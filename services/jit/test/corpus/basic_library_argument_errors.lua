-- Argument errors of the basic library as lua5.4 words them: pairs takes any value and leaves the
-- refusal to next (named 'for iterator' in a loop), setmetatable and rawlen say what they got, and a
-- missing metatable argument is "no value", not nil.
print(pcall(setmetatable, {}))
print(select("#", pcall(setmetatable, {}, nil)))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, 1))
print(pcall(rawlen, 5))
print(pcall(rawlen))
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k, v in pairs(5) do end end))
print(pcall(function() local f, s, c = pairs(nil); return f == next, s, c end))
print(pcall(function()
  local n = 0
  for i = 1, 100 do for k in pairs(i < 90 and { 1 } or nil) do n = n + 1 end end
  return n
end))
print(pcall(function()
  local n = 0
  for i = 1, 100 do for k in pairs(i < 90 and { 1 } or "s") do n = n + 1 end end
  return n
end))
print(pcall(function() for k in pairs() do end end))
