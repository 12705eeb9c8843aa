-- An outer loop's trace calling an inner loop's compiled tree stores before the call only what the
-- inner loop may read or write; its other locals are stored only when the trace leaves. Every way
-- of leaving around the call must still hand the interpreter exact values: the inner tree leaving
-- somewhere else (a break), its entry guard failing (a type change), a reloaded register changing
-- type, and locals a closure captures (read by a call inside the inner loop).
local data = {}
for i = 1, 400 do data[i] = i % 13 end

local acc = 0
local function peek() return acc end

local fsum, isum, label, tab, flag = 0.5, 0, "s", { 1 }, true
local bumps = 0
for r = 1, 300 do
  fsum = fsum + 0.25
  isum = isum + r
  acc = acc + 1
  local x = 0
  local lim = #data
  if r == 200 then lim = 150 end
  for i = 1, lim do
    x = x + data[i]
    if r == 120 and i == 300 then break end
    if r == 250 and i == 10 then bumps = bumps + peek() end
  end
  if r == 160 then x = x + 0.5 end
  if r % 50 == 0 or r == 120 or r == 160 or r == 200 then
    print(r, x, math.type(x), fsum, isum, label, tab[1], flag, acc, bumps)
  end
  if r == 180 then label = label .. "t"; tab = { r } end
  if r == 220 then flag = false end
end
print(fsum, isum, label, tab[1], flag, acc, bumps)

-- The inner loop's live-in changes type mid-run: its tree's entry guard fails and the interpreter
-- resumes at the inner header with the outer locals stored.
local scale = 1
local total, f = 0, 1.5
for r = 1, 200 do
  f = f * 1.0078125
  if r == 150 then scale = 0.5 end
  local s = 0
  for i = 1, 200 do s = s + scale * i end
  total = total + s
  if r % 40 == 0 or r == 150 or r == 151 then print(r, s, math.type(s), f, total) end
end
print(total, f)

-- More untouched locals than one `leave` call passes: stored inline on the leaving paths.
do
  local v0, v1, v2, v3, v4, v5, v6, v7, v8 = 0.5, 1, 2, 3.5, 4, 5, 6.5, 7, 8
  local w0, w1, w2, w3, w4, w5, w6, w7, w8 = 9.5, 10, 11, 12.5, 13, 14, 15.5, 16, 17
  local out = 0
  for r = 1, 300 do
    v0, v1, v2, v3, v4, v5, v6, v7, v8 = v0 + 0.25, v1 + 1, v2 + 1, v3 + 0.25, v4 + 1, v5 + 1, v6 + 0.25, v7 + 1, v8 + 1
    w0, w1, w2, w3, w4, w5, w6, w7, w8 = w0 + 0.25, w1 + 1, w2 + 1, w3 + 0.25, w4 + 1, w5 + 1, w6 + 0.25, w7 + 1, w8 + 1
    local x = 0
    for i = 1, 200 do
      x = x + i
      if r == 250 and i == 77 then break end
    end
    out = out + x
    if r % 100 == 0 or r == 250 then
      print(r, x, v0, v1, v2, v3, v4, v5, v6, v7, v8, w0, w1, w2, w3, w4, w5, w6, w7, w8)
    end
  end
  print(out, v0, v8, w0, w8)
end
