-- How many nested host calls fit, measured from inside an __index function that a loop trace inlines
-- and leaves (after a store) at one key.
local function probe(n)
  local ok, r = pcall(probe, n + 1)
  if ok then return r end
  return n
end
local seen = {}
local mt = {
  __index = function(t, k)
    seen[k] = true -- a store: an exit after it resumes inside this frame
    if k % 40 == 0 then return probe(0) end
    return k
  end,
}
local function atDepth(d)
  if d > 0 then
    local ok, r = pcall(atDepth, d - 1)
    return r
  end
  local t = setmetatable({}, mt)
  local out = {}
  for i = 1, 130 do
    local v = t[i]
    if i % 40 == 0 then out[#out + 1] = v end
  end
  return table.concat(out, " ")
end
for _, d in ipairs({ 0, 50, 150, 190, 195, 196, 197 }) do print(d, atDepth(d)) end
