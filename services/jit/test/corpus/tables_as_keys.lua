-- Tables (with string fields in shapes, or in dictionary mode) used as keys of other tables,
-- including themselves, looked up and cleared in hot loops.
local nodes = {}
for i = 1, 100 do nodes[i] = { id = i, label = "n" .. i } end
local big = {}
for i = 1, 80 do big["k" .. i] = i end
nodes[101] = big

local weight = {}
for i = 1, #nodes do weight[nodes[i]] = i * 2 end
weight[weight] = "self"
local s = 0
for round = 1, 5 do
  for i = 1, #nodes do s = s + weight[nodes[i]] end
end
print(s, weight[weight], weight[big], weight[{}])

-- clearing table keys during a traversal
local n, cleared = 0, 0
for k, v in pairs(weight) do
  n = n + 1
  if type(v) == "number" and v % 4 == 0 then weight[k] = nil; cleared = cleared + 1 end
end
local left = 0
for _ in pairs(weight) do left = left + 1 end
print(n, cleared, left, weight[nodes[2]], weight[nodes[3]])

-- a table keyed by itself and by its own fields' values
local t = { name = "t" }
t[t] = t
t[t.name] = 1
print(t[t] == t, t.t, rawequal(t[t], t), rawget(t, t) == t)
