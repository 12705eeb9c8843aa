-- Float keys past the 64-bit integers (2^63 stays a float key: reading one recursed without end), and a
-- constructor's positional nil clearing what its keyed fields put at that index.
local t = {}
print(t[2^63], rawget(t, 2^63), t[-(2^63)], t[1/0], t[-1/0])
t[2^63] = 1
print(t[2^63], rawget(t, 2^63))
t[-(2^63)] = 2
print(t[-(2^63)], t[math.mininteger])
local t = { [1] = 3, nil, [math.mininteger] = true }
print(rawlen(t), #t, t[1])
t = { [1.0] = 1, nil, ["b"] = true }
print(rawlen(t), #t, t[1])
t = { [1] = 3, nil }
print(#t, t[1])
t = { [2] = 5, 1, nil }
print(#t, t[1], t[2])
t = { [1] = 3, 7 }
print(#t, t[1])
local w = {}
for i = 1, 60 do w[2^63] = i; w[-(2^63)] = -i end
local s = 0
for i = 1, 60 do s = s + w[2^63] + rawget(w, -(2^63)) + (w[2^64] or 0) end
print(s, w[2^63], w[1e300])
