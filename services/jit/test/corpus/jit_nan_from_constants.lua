-- NaNs written as 0/0 (lua5.4's -nan: x86's default NaN has the sign bit set) reaching traces: a call
-- returning 0/0 inlined into a loop that aborts later, and loops computing with it. A trace that
-- folded 0/0 into a constant gave V8 a NaN it replaced by its own positive one (printed `nan`).
local V = { function() return 1e308 end, function() return 0/0 end, function() return 1/0 end,
  function() return "10" end, function() return "0x10" end, function() return -7.0 end }
local N = #V
for i = 1, N do
  for j = 1, N do
    local a, b = V[i](), V[j]()
    local ok, r = pcall(function() return a << b end)
  end
end
for i = 1, N do
  for j = 1, N do
    local a, b = V[i](), V[j]()
    if i == 2 and j == 2 then print("A", a, b) end
    if type(a) == "number" and type(b) == "number" then
      local ok2, r2 = pcall(function() local acc = 0; for q = 1, 3 do acc = a ^ b end; return acc end)
      if i == 2 or j == 2 then print(i, j, r2) end
    end
  end
end
local s = 0
for i = 1, 100 do s = (0/0) * i end
print(s, -s, 0/0, -(0/0))
