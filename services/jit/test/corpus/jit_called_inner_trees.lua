-- Inner loops long enough to be called as their own compiled trees from the outer loop's trace:
-- what they assign (locals, for-loop registers, call results) must be read back after the call.
local t = {}
for i = 1, 300 do t[i] = i % 17 end
local function weight(v)
  if v > 8 then return v * 2 + 1 end
  return v - 0.25
end
local grand, last = 0, 0
for r = 1, 400 do
  local m, cnt, w = 0, 0, 0.5
  for i = 1, #t do
    if t[i] > m then m = t[i] end
    cnt = cnt + t[i]
    w = w + weight(t[i])
    if r == 359 and i == 150 then last = i; break end
  end
  local s = ""
  for j = 1, 120 do
    if j % 40 == 0 then s = s .. j end
  end
  grand = grand + m + cnt + last + #s
  if r % 100 == 0 then print(r, m, cnt, w, s, math.type(w)) end
end
print(grand, last)
