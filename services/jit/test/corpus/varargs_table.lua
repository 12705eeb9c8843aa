local function count(...) local n = 0 for _, v in ipairs({...}) do n = n + v end return n, select('#', ...) end
print(count(1, 2, 3, 4))
local function first(...) local a = ... return a end
print(first(9, 8, 7))
local function tail(...) return select(2, ...) end
print(tail(1, 2, 3))
local packed = table.pack(tail(1, nil, nil))
print(packed.n)
