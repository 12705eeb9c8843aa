-- Single statements timed in a loop (bench/statements.bench.ts runs this on the interpreter, the JIT
-- and lua5.4): each line printed is a statement's name, its CPU time per trip in nanoseconds, the
-- loop's own step included (the "empty" row), and the values the loop left in its locals, which every
-- correct implementation computes alike (the bench compares them before it compares times). Each loop
-- is a chunk of its own (load), with the same locals, so that every statement compiles as it would in
-- a function body.
local TRIPS = tonumber(arg and arg[1]) or 5000000

local STATEMENTS = {
  { "empty", "" },
  { "float add", "d = a + b" },
  { "float multiply-add", "d = a * b + c * d" },
  { "float divide", "d = a / (b * c)" },
  { "integer add", "n = n + i" },
  { "field read", "d = t.x" },
  { "two field reads", "d = t.x + t.y" },
  { "field write", "t.vx = a" },
  { "field update", "t.vx = t.vx + a * c" },
  { "element read", "d = arr[2]" },
  { "element write", "arr[3] = a" },
  { "local moves", "local e = a; local f = b; d = e" },
  { "math.sqrt call", "d = sqrt(b)" },
  { "Lua call", "d = add(a, b)" },
  { "compare and branch", "if a < b then n = n + 1 end" },
  {
    "mandelbrot step",
    "zi = 2.0 * zr * zi + ci; zr = zrq - ziq + cr; zrq = zr * zr; ziq = zi * zi; if zrq + ziq > 4.0 then zr = 0.0 end",
  },
}

local TEMPLATE = [[
local trips, sqrt, add = ...
local t = { x = 1.5, y = 2.5, vx = 0.25, mass = 3.5 }
local arr = { 1.5, 2.5, 3.5 }
local a, b, c, d, n = 1.25, 2.5, 0.5, 0.0, 0
local zr, zi, zrq, ziq, cr, ci = 0.0, 0.0, 0.0, 0.0, -0.5, 0.25
local t0 = os.clock()
for i = 1, trips do
  BODY
end
return os.clock() - t0, d, n, t.vx, arr[3], zr
]]

local function add(x, y)
  return x + y
end

-- Seconds the loop took, and what it left in its locals as text.
local function time(body, trips)
  local chunk = assert(load((TEMPLATE:gsub("BODY", function() return body end))))
  local seconds, d, n, vx, a3, zr = chunk(trips, math.sqrt, add)
  return seconds, table.concat({ tostring(d), tostring(n), tostring(vx), tostring(a3), tostring(zr) }, " ")
end

-- The fastest of three passes: the first may pay for the host warming up (for this interpreter, V8
-- compiling its dispatch loop while the first statements run).
local best, results = {}, {}
for _ = 1, 3 do
  for j, s in ipairs(STATEMENTS) do
    local seconds, result = time(s[2], TRIPS)
    local ns = seconds / TRIPS * 1e9
    if best[j] == nil or ns < best[j] then best[j] = ns end
    results[j] = result
  end
end
for j, s in ipairs(STATEMENTS) do print(string.format("%s\t%.2f\t%s", s[1], best[j], results[j])) end
