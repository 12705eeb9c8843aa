-- Integer keys the recording found in the array part, then outside it.
local t = {}
for i = 1, 100 do t[i] = i end
for i = 200, 102, -1 do t[i] = i end -- keys 102..200 in the hash part (101 is missing)
local s = 0
for i = 1, 200 do s = s + (t[i] or 1000) end -- reads leave at 101, then go on in the hash
print(s)
for i = 1, 200 do t[i] = i * 2 end -- stores: 101 appends and pulls 102..200 into the array
print(#t, t[101], t[150], t[200])
for round = 1, 3 do
  t[#t] = nil -- shrinks the array: the last key is gone
  local c = 0
  for i = 1, 200 do if t[i] then c = c + t[i] end end
  print(round, #t, c)
end
t[50] = nil -- a hole inside the array part
local h = 0
for i = 1, 120 do h = h + (t[i] or -1) end
print(h)
local mt = setmetatable({}, { __index = function(_, k) return -k end, __newindex = function(r, k, v) rawset(r, k, v + 0.5) end })
for i = 1, 60 do mt[i] = i end -- __newindex for each new key
for i = 1, 60 do mt[i] = mt[i] * 2 end -- present keys: raw stores
local m = 0
for i = 1, 90 do m = m + mt[i] end -- __index past 60
print(m, rawlen(mt))
