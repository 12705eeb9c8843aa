-- Numeric for loops whose bodies are float arithmetic on locals: without the JIT the interpreter runs
-- their iterations on unboxed float registers (vm/floatloop.ts) and hands them back to its dispatch
-- loop at anything else. Subtypes, -0.0, NaN, infinities, and what the registers hold when they leave
-- (after the loop, at a break, at an instruction it leaves to the dispatch loop) must be lua5.4's.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = string.format("%s:%s", math.type(t[i]) or type(t[i]), tostring(t[i])) end
  print(table.concat(t, " "))
end

-- mandelbrot's escape loop: a break after a flag store, integral float results (0.0, 2.0, 4.0)
for _, c in ipairs({ { -1.5, -1.0 }, { 0.0, 0.0 }, { 0.25, 0.5 }, { -2.0, 0.0 }, { 1.0, 1.0 } }) do
  local cr, ci = c[1], c[2]
  local zr, zi, zrq, ziq = 0.0, 0.0, 0.0, 0.0
  local escaped = false
  for _ = 1, 50 do
    zi = 2.0 * zr * zi + ci
    zr = zrq - ziq + cr
    zrq = zr * zr
    ziq = zi * zi
    if zrq + ziq > 4.0 then
      escaped = true
      break
    end
  end
  show(escaped, zr, zi, zrq, ziq)
end

-- a local written on some iterations only: nil before, a float after, untouched when never written
for _, lim in ipairs({ 0.5, 3.0, 100.0, 1000.0 }) do
  local last
  local x = 0.25
  for _ = 1, 10 do
    x = x * 2.0
    if x > lim then last = x * 1.0 end
  end
  show(lim, x, last)
end

-- -0.0, NaN and infinities through the registers, and integer constants meeting floats
do
  local a, b, n, p = -0.0, 0.5, 0.0, 1.5
  for _ = 1, 4 do
    a = a * -1.0
    b = b - 0.5
    n = n * 0.0 - 0.0
    p = p * 1e300
  end
  show(a, b, n, p, 1 / a, 1 / n)
  local inf, q = 0.5, 0.5
  for _ = 1, 3 do
    inf = inf * 1e308 * 10
    q = inf - inf
  end
  show(inf, q ~= q, -inf, 1 / inf)
  local s, t = 0.5, 0.0
  for _ = 1, 5 do
    s = s + 1
    t = 3 - s / 2
    if s == 2.5 then t = -t end
  end
  show(s, t)
end

-- the loop index read where the result is a float (divisions, a float operand, comparisons); an
-- integer result (`i + 1`) is left to the dispatch loop
do
  local n = 1000
  local h, sum = 1.0 / n, 0.0
  for i = 1, n do
    local x = (i - 0.5) * h
    sum = sum + 4.0 / (1.0 + x * x)
  end
  show(sum * h)
  local a, b = 0.0, 0.5
  for i = -3, 3 do
    a = a + i / 2 + b * i
    if i >= 1.5 then b = b * -1.0 end
    if i == 0 then a = a - i end
  end
  show(a, b)
  local c, e = 0.5, 0.5
  for i = 10, 1, -3 do
    c = c * 0.5 + i * 1.0
    e = (i + 1) * c
  end
  show(c, e)
  local far = 0.5
  for i = 9007199254740990, 9007199254740993 do
    far = far + i / 2
    far = far * 1.0
  end
  show(far)
end

-- table fields, elements at the loop index and math.sqrt through an upvalue, as n-body uses them:
-- integral floats stored and read back, -0.0, a NaN stored (its sign kept by the dispatch loop),
-- fields holding integers, missing ones found by __index, a __newindex not called for an existing
-- field, an element past the end, sqrt of an integral float and of a negative number
do
  local sqrt = math.sqrt
  local bodies = {
    { x = 0.5, y = 1.5, vx = 0.0, mass = 2.5 },
    { x = 1.25, y = -0.5, vx = 0.25, mass = 0.5 },
    { x = 3.0, y = 4.0, vx = -0.0, mass = 1.0 },
  }
  for _ = 1, 3 do
    for i = 1, #bodies do
      local b = bodies[i]
      local d2 = b.x * b.x + b.y * b.y
      local mag = 0.5 / (d2 * sqrt(d2))
      b.vx = b.vx - b.x * mag * b.mass
      b.x = b.x + 0.25 * b.vx
    end
  end
  for i = 1, #bodies do show(bodies[i].x, bodies[i].y, bodies[i].vx, bodies[i].mass) end
  local p = { x = 0.5, y = 2 }
  local q = setmetatable({ x = 0.5 }, { __index = function(_, k) return k == "y" and 0.25 or nil end })
  local r = setmetatable({ x = 0.5, y = 1.5 }, { __newindex = function() error("not called") end })
  for _, o in ipairs({ p, q, r }) do
    local s = 0.0
    for _ = 1, 4 do
      s = s + o.x * o.y
      o.x = o.x * 2.0
    end
    show(s, o.x, rawget(o, "y"))
  end
  local arr = { 0.5, 1.5, 4.0, -0.0, 2 }
  local sum, sq = 0.0, 0.0
  local ok, err = pcall(function()
    for i = 1, 7 do
      sum = sum + arr[i] * 0.5
      sq = sq + sqrt(arr[i] * 1.0)
    end
  end)
  show(sum, sq, ok, err)
  local n = { v = 0.5 }
  for i = 1, 3 do
    n.v = n.v * 0.0 / 0.0
    n.w = i * 0.5
  end
  show(n.v ~= n.v, n.w, sqrt(-1.0) ~= sqrt(-1.0))
end

-- a local read as a float at the top of the body and given a table further down: the next iteration
-- must meet the table (an error), not the float it started with
local function retype(t)
  local y, z = 0.25, 0.0
  for _ = 1, 3 do
    z = z + y * 2.0
    y = t.sub
    z = z + y.x
  end
  return z
end
show(pcall(retype, { sub = { x = 0.5 } }))
show(pcall(retype, { sub = { x = 0.5 } }))

-- a live-in that is not a float (an integer, an integral float, a string, nil) keeps the dispatch
-- loop's rules, error messages included
local function scale(start)
  local v = start
  local w = 0.5
  for _ = 1, 3 do
    w = w * 2.0
    v = v * w
  end
  return v, w
end
for _, start in ipairs({ 3, 3.0, 3.5, "2.5", "x" }) do
  show(start, pcall(scale, start))
end
show(pcall(scale))

-- a live-in that stays an integer: refused on every entry, then left to the dispatch loop for good
local function grow(lim)
  local w, n = 0.5, 0.0
  for _ = 1, 10 do
    w = w * 2.0
    if w > lim then n = n + 1.0 end
  end
  return w, n
end
local tally = 0.0
for i = 1, 70 do
  local w, n = grow(i)
  tally = tally + w + n
end
show(tally, grow(9007199254740993), grow(100.5), grow(-0.0), grow(0 / 0))

-- a body that leaves the float registers at a table store on some iterations, with a temporary
-- computed before the store's operands and used after it
do
  local o = { k = 0.5 }
  local u, w = 0.5, 1.5
  for _ = 1, 30 do
    u = u * w + 0.25
    if u > 10.0 then u = u * 0.5 + o.k end
    w = w / 3.0 + 1.0
  end
  show(u, w)
end

-- loops entered many times whose bodies leave at once (a store on every iteration), then a float
-- loop entered as often that does not
do
  local o = {}
  local sum = 0.0
  for i = 1, 300 do
    local f = 0.5
    for _ = 1, 3 do
      f = f * 2.5 - 0.25
      if f > 0.0 then o.v = f end
    end
    sum = sum + o.v - i
  end
  show(sum)
  for i = 1, 200 do
    local z = i * 0.5
    for _ = 1, 20 do
      z = z * 0.5 + 0.25
      if z < 0.5000001 then break end
    end
    sum = sum + z
  end
  show(sum)
end

-- unary minus, division by zero, comparisons in all directions, a float loop in a called function
local function walk(x0, n)
  local x, lo, hi, eq = x0, 0.0, 0.0, 0.0
  for _ = 1, n do
    x = -x / 2.0 + 0.75
    if x < lo then lo = x end
    if x >= hi then hi = x end
    if x == 0.5 then eq = eq + 1.0 end
    if not (x <= 0.5) then lo = lo - 0.0 end
  end
  return x, lo, hi, eq
end
show(walk(0.5, 5))
show(walk(-3.25, 40))
show(walk(0.5 / 0.0, 3))
show(walk(-0.5 / 0.0, 3))

-- closures over a float local: the captured value is the one the loop left
do
  local x = 0.5
  local get = function() return x end
  for _ = 1, 8 do
    x = x * 1.5 - 0.125
  end
  show(get(), x)
end

-- goto continue inside the body, and a float loop after a loop that ran zero times
do
  local a, b = 0.5, 0.5
  for _ = 1, 10 do
    a = a * 1.25
    if a > 2.0 then goto continue end
    b = b + a
    ::continue::
  end
  for _ = 1, 0 do
    a = a * 0.0
  end
  show(a, b)
end
