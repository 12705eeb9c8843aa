-- The math library in traced loops: deg and rad (once missing), and the functions traces call through
-- the library itself (log, atan, asin, acos, ult, modf, pow, log10, cosh, sinh, tanh, frexp, ldexp),
-- with argument types changing mid-loop, edge values, several results, and errors raised in a loop.

print(math.deg(math.pi), math.rad(180), math.deg(1), math.rad(1), math.deg(0), math.rad(-0.0))
print(math.deg(3), math.rad(3), math.deg("90"), math.rad(" 45 "), math.deg(1 / 0), math.rad(-1 / 0))
print(math.type(math.deg(0)), math.type(math.rad(2)), math.deg(0 / 0) ~= math.deg(0 / 0))
print(pcall(math.deg), pcall(math.rad, "x"), pcall(math.deg, {}))

-- one loop per function, its argument an integer, then a float, then a numeric string
local vals = { 1, 2, 3, 7, 0.5, 2.25, 10, "4", "0.75", 100 }
local function sweep(name, f)
  local acc = {}
  for i = 1, #vals do acc[#acc + 1] = string.format("%.14g", f(vals[i])) end
  print(name, table.concat(acc, " "))
end
sweep("log", math.log)
sweep("log2", function(x) return math.log(x, 2) end)
sweep("log10b", function(x) return math.log(x, 10) end)
sweep("log3", function(x) return math.log(x, 3) end)
sweep("atan", math.atan)
sweep("atan2", function(x) return math.atan(x, -2) end)
sweep("asin", function(x) return math.asin(1 / (tonumber(x) + 1)) end)
sweep("acos", function(x) return math.acos(1 / (tonumber(x) + 1)) end)
sweep("deg", math.deg)
sweep("rad", math.rad)
sweep("pow", function(x) return math.pow(x, 1.5) end)
sweep("log10", math.log10)
sweep("cosh", math.cosh)
sweep("sinh", math.sinh)
sweep("tanh", math.tanh)
sweep("ldexp", function(x) return math.ldexp(tonumber(x), 3) end)

-- hot loops (traced at the default threshold) summing each function
local s = 0.0
for i = 1, 3000 do s = s + math.log(i) + math.atan(i, 2) + math.deg(i) - math.rad(i) end
print(string.format("%.10f", s))
local t = 0.0
for i = 1, 3000 do t = t + math.asin((i % 100) / 100) + math.acos((i % 50) / 50) + math.log10(i) end
print(string.format("%.10f", t))
local u = 0
for i = 1, 3000 do if math.ult(i, 1500) then u = u + 1 end end
print(u, math.ult(-1, 1), math.ult(1, -1))

-- several results: modf and frexp, integer and float parts, their types
local ip, fp, es = 0, 0.0, 0
for i = 1, 3000 do
  local a, b = math.modf(i / 7)
  local m, e = math.frexp(i * 1.5)
  ip = ip + a
  fp = fp + b
  es = es + e + m
end
print(ip, string.format("%.10f", fp), string.format("%.10f", es))
print(math.modf(3), math.modf(-3.5), math.modf(1 / 0), math.modf(-1 / 0), math.frexp(0), math.frexp(-8))
local kinds = {}
for i = 1, 200 do
  local x = i <= 100 and i or i + 0.5
  local a, b = math.modf(x)
  kinds[math.type(a) .. "/" .. math.type(b)] = (kinds[math.type(a) .. "/" .. math.type(b)] or 0) + 1
end
print(kinds["integer/float"], kinds["float/float"])

-- types changing in a traced loop: integers, floats, strings, then one that raises
local inputs = {}
for i = 1, 300 do
  if i <= 100 then inputs[i] = i elseif i <= 200 then inputs[i] = i + 0.25 elseif i < 300 then inputs[i] = tostring(i) else inputs[i] = "bad" end
end
local acc = 0.0
local ok, err = pcall(function()
  for i = 1, #inputs do acc = acc + math.log(inputs[i]) + math.deg(inputs[i]) end
end)
print(ok, err, string.format("%.8f", acc))
ok, err = pcall(function()
  local x = 0
  for i = 1, 200 do x = x + math.atan(i, i > 150 and {} or 1) end
  return x
end)
print(ok, err)

-- NaN and infinities through the traced calls
local nan = 0 / 0
local r = {}
for i = 1, 60 do
  local v = (i % 3 == 0) and nan or (i % 3 == 1) and 1 / 0 or -1 / 0
  r[#r + 1] = tostring(math.log(v)) .. "," .. tostring(math.deg(v)) .. "," .. tostring(math.atan(v))
end
print(r[1], r[2], r[3], r[58], r[59], r[60])
local neg = {}
for i = 1, 60 do
  local v = (i % 4 == 0) and -1 or (i % 4 == 1) and -0.0 or (i % 4 == 2) and 0 or -2.5
  neg[#neg + 1] = tostring(math.log(v)) .. "," .. tostring(math.log(v, 2))
end
print(neg[1], neg[2], neg[3], neg[4], neg[60])
