local recs = {}
for i = 1, 40 do recs[i] = {k = (i * 7) % 5, id = i} end
table.sort(recs, function(a, b) return a.k < b.k end)
local out = {}
for i, r in ipairs(recs) do out[i] = r.k .. ":" .. r.id end
print(table.concat(out, " "))
