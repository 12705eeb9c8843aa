local t = {}
t[1] = "int"; t[1.0] = "float-one"; t[2.5] = "real"; t["1"] = "string"
print(t[1], t[2.5], t["1"], #t)
t[2^53] = "big"; print(t[2^53], t[9007199254740992])
local n = 0 for _ in pairs(t) do n = n + 1 end print(n)
print(pcall(function() t[0/0] = 1 end))
