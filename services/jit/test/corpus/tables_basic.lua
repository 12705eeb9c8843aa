local t = {10, 20, 30, x = 1, ["y z"] = 2, [100] = 3}
print(#t, t[1], t[3], t.x, t["y z"], t[100], t[4])
t[4] = 40; t[#t + 1] = 50
print(#t, t[5])
t[#t] = nil
print(#t)
local n = {}
for i = 1, 10 do n[i] = i * i end
print(#n, n[10])
print(#{1, 2, nil, 4}, #{nil, nil, 3}, #{n = 1})
t[1.0] = "float key"; print(t[1], t[2^0])
