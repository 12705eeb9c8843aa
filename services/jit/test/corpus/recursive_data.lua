local function tree(d) if d == 0 then return {v = 1} end return {l = tree(d - 1), r = tree(d - 1), v = d} end
local function count(t) if not t then return 0 end return 1 + count(t.l) + count(t.r) end
local function sum(t) if not t then return 0 end return t.v + sum(t.l) + sum(t.r) end
local t = tree(8)
print(count(t), sum(t))
