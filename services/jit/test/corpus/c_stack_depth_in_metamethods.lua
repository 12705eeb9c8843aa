-- Nested host calls left at various depths (pcall nesting), measured from metamethods traces inline.
local function probe(n) -- how many more nested host calls fit
  local ok, r = pcall(probe, n + 1)
  if ok then return r end
  return n
end
local mt = { __index = function(t, k) return probe(0) + k * 0 end }
local mt2 = { __add = function(a, b) return probe(0) end, __lt = function(a, b) return probe(0) < 100 end }
local function atDepth(d)
  if d > 0 then local ok, r = pcall(atDepth, d - 1) return r end
  local t = setmetatable({}, mt)
  local u = setmetatable({}, mt2)
  local s, lo = 0, 0
  for i = 1, 100 do
    s = s + t[i] -- the trace inlines __index
    s = s + (u + i) -- and __add
    if u < u then lo = lo + 1 end -- and __lt
  end
  return s .. " " .. lo
end
for _, d in ipairs({ 0, 10, 100, 150, 190, 194, 195, 196 }) do print(d, atDepth(d)) end
