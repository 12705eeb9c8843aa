local function last(...) return (select(-1, ...)) end
print(last(1, 2, 3), last("x"))
local function count_nils(...) local n = 0 for i = 1, select('#', ...) do if select(i, ...) == nil then n = n + 1 end end return n end
print(count_nils(nil, 1, nil, nil))
