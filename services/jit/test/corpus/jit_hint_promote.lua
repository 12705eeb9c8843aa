-- --@promote locals: the trace takes their values as constants behind a guard. Values of every type,
-- a value changing between runs of the loop and in the middle of one, a promoted local the loop
-- itself assigns (also inside a nested loop), and values a guard cannot pin (NaN, float zeros).

local function run(mode, scale, n)
  local m = mode --@promote
  local k = scale --@promote
  local acc = 0
  for i = 1, n do
    if m == "add" then
      acc = acc + i * k
    elseif m == "sub" then
      acc = acc - i * k
    else
      acc = acc + 1
    end
  end
  return acc
end

print(run("add", 3, 300), run("sub", 3, 300), run("add", 2.5, 300), run("other", 1, 300))
print(run("add", -0.0, 100), run("add", 0.0, 100), run("sub", 0 / 0, 3) ~= run("sub", 0 / 0, 3))
print(run("add", 7, 100), run("add", 1 << 40, 100), run("add", 2 ^ 53, 100))

-- Booleans, nil, tables and functions.
local flags = { true, false, nil, true }
for round = 1, 4 do
  local flag = flags[round] --@promote
  local t = { 10, 20 } --@promote
  local f = round % 2 == 0 and math.abs or math.floor --@promote
  local s = 0
  for i = 1, 200 do
    if flag then s = s + t[1] elseif flag == nil then s = s + t[2] else s = s - 1 end
    s = s + f(-i / 3)
  end
  print(round, s)
end

-- The promoted local changes in the middle of the loop.
do
  local step = 1 --@promote
  local s = 0
  for i = 1, 500 do
    s = s + step
    if i == 250 then step = 2.5 end
    if i == 400 then step = "3" end
  end
  print(s)
end

-- Read before a nested loop that assigns it: inside that loop its value is no constant.
do
  local base = 5 --@promote
  local total = 0
  for i = 1, 60 do
    local x = base * 2
    for j = 1, 10 do
      total = total + base + x
      base = base + j
    end
    base = 5
  end
  local k = 3 --@promote
  local t2 = 0
  for i = 1, 80 do
    t2 = t2 + k
    for j = 1, 5 do
      t2 = t2 + k * j
      if j == 3 then k = k + 1 end
    end
    k = 3
  end
  print(total, t2)
end

-- Long strings and strings changing under the guard.
do
  local long = string.rep("ab", 150) --@promote
  local words = { "x", "y", "x", "z" }
  local n = 0
  for i = 1, 400 do
    local w = words[i % 4 + 1] --@promote
    if w == "x" then n = n + #long elseif w == "y" then n = n + 1 end
  end
  print(n)
end

-- A promoted value reaching an inlined callee, and arithmetic on it folded.
do
  local function scaleBy(x, by) return x * by + by // 2 end
  local by = 6 --@promote
  local s = 0
  for i = 1, 300 do s = s + scaleBy(i, by) + (by * 2 - 1) end
  print(s)
end

-- Library functions on promoted values fold too; the value changes and the folded call with it.
for _, width in ipairs({ 3, 3, 5, 2.5 }) do
  local w = width --@promote
  local out = {}
  for i = 1, 120 do
    local pad = string.rep("-", math.floor(w))
    out[#out + 1] = string.format("%s%d", pad, i % 7) .. tostring(w) .. math.sqrt(w * w) .. math.max(w, 4)
  end
  print(w, #table.concat(out), out[1], out[120])
end

-- Promoted keys, read first inside a nested loop: every iteration of it must repeat the first one.
do
  local field = "score" --@promote
  local idx = 2 --@promote
  local rows = {}
  for i = 1, 300 do rows[i] = { score = i, name = "n" .. i, [2] = i * 2 } end
  local s, t = 0, 0
  for i = 1, 300 do
    local r = rows[i]
    s = s + r[field] + r[idx]
    r[field] = r[field] + 1
    r[idx] = r[idx] - 1
    t = t + #r
  end
  for _, k in ipairs({ "score", "name", "score", "missing" }) do
    local key = k --@promote
    local c = 0
    for i = 1, 200 do
      local v = rows[i][key]
      if v ~= nil then c = c + 1 end
      rows[i][key] = v
    end
    print(key, c)
  end
  print(s, t, rows[5].score, rows[5][2])
end

-- A promoted local the loops never assign, read first inside a nested loop.
do
  local rows = {}
  for i = 1, 100 do rows[i] = { score = i, name = "n" .. i } end
  for _, k in ipairs({ "score", "name", "missing" }) do
    local key = k --@promote
    local c = 0
    for round = 1, 30 do
      for i = 1, 100 do
        local v = rows[i][key]
        if v ~= nil then c = c + 1 end
      end
    end
    print(key, c)
  end
end

-- Promoted parameters (`--@promote mode` on the function) and named locals of a statement.
do
  local function apply(mode, x) --@promote mode
    if mode == "double" then return x * 2 elseif mode == "neg" then return -x end
    return x
  end
  --@promote scale
  local function total(scale, n)
    local s = 0
    for i = 1, n do s = s + apply("double", i) * scale + apply("neg", i) end
    return s
  end
  local a, b = 3, 4 --@promote b
  print(total(2, 300), total(2.5, 300), total(b, 200), a + b)
end
