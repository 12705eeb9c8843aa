-- lengths of proper sequences and of tables with a nil at the end
local t = {}
for i = 1, 10 do t[i] = i end
print(#t)
t[10] = nil
print(#t)
t[9] = nil; t[8] = nil
print(#t)
t[#t + 1] = "x"
print(#t, t[8])
-- filling from the back: after t[1] is set, the sequence is complete
local b = {}
for i = 5, 1, -1 do b[i] = i end
print(#b)
-- constructor with trailing nils
print(#{1, 2, 3, nil}, #{nil}, #{}, #{n = 1}, #{1, 2, nil, nil, nil})
-- table.insert / table.remove keep the border
local q = {"a", "b", "c"}
table.insert(q, "d")
table.insert(q, 1, "z")
print(#q, table.concat(q, ","))
print(table.remove(q), table.remove(q, 1), #q, table.concat(q, ","))
while #q > 0 do table.remove(q) end
print(#q, table.remove(q), #q)
-- keys that are floats with integral values extend the sequence
local f = {}
f[1.0] = "one"; f[2] = "two"; f[3.0] = "three"
print(#f, f[1], f[3])
-- string keys do not count
local s = {1, 2, x = 3, ["4"] = 4}
print(#s)
-- table.pack counts nils, # of the result may not
local p = table.pack(1, 2, 3)
print(p.n, #p)
p = table.pack()
print(p.n, #p)
-- __len overrides #, rawlen does not
local l = setmetatable({1, 2, 3}, {__len = function() return 99 end})
print(#l, rawlen(l), rawlen("abcd"))
-- length of strings with embedded zeros and high bytes
print(#"a\0b", #"\255\254", #"")
-- a sequence grown one by one and shrunk one by one
local g = {}
for i = 1, 20 do g[#g + 1] = i * i end
local lens = {}
for i = 1, 5 do g[#g] = nil; lens[#lens + 1] = #g end
print(table.concat(lens, " "), g[#g])
