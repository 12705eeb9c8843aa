local function three() return 1, 2, 3 end
local t = {three(), three()}
print(#t, t[4])
local u = {three(), (three())}
print(#u)
local v = {[1] = "a", [2] = "b", "c"}
print(v[1], v[2], #v)
local w = {x = 1, ["y"] = 2, [3] = 3, 4, 5}
print(w.x, w.y, w[1], w[2], w[3], #w)
local big = {}
for i = 1, 120 do big[i] = i end
local copy = {table.unpack(big)}
print(#copy, copy[120])
