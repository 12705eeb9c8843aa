-- string.format in hot loops: every conversion, flags, widths, precisions, argument types changing.
local fmts = { "%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%x", "%X", "%#x", "%o", "%#o",
  "%5.2f", "%.0f", "%#.0f", "%e", "%.3E", "%g", "%10.4g", "%#g", "%G", "%a", "%c", "%s", "%.2s",
  "%10s", "%-10s|", "%q", "%i", "%%%d%%", "[%3s]" }
local args = { 0, 1, -1, 42, -42, 255, 3.0, -3.0, 1e15, 65, 2^53, math.mininteger, math.maxinteger }
local out = {}
for round = 1, 2 do
  for f = 1, #fmts do
    for a = 1, #args do
      local ok, r = pcall(string.format, fmts[f], args[a])
      out[#out + 1] = ok and r or ("E:" .. r)
    end
  end
end
print(#out)
-- The same calls without pcall where they succeed: traced, the argument types changing.
local valid = {}
for f = 1, #fmts do
  for a = 1, #args do valid[#valid + 1] = pcall(string.format, fmts[f], args[a]) end
end
for round = 1, 2 do
  local k = 0
  for f = 1, #fmts do
    for a = 1, #args do
      k = k + 1
      if valid[k] and string.format(fmts[f], args[a]) ~= out[k] then print("mismatch", f, a) end
    end
  end
end
for k = 1, #fmts * #args, 7 do io.write(out[k], "\n") end

local fl = { 0.1, -0.0, 1 / 3, 1e300, 1e-300, 0.5, 1.5, 2.5, -2.5, 1e15, 123.456 }
local acc = {}
for i = 1, 200 do
  local v = fl[i % #fl + 1]
  acc[#acc + 1] = string.format("%.1f %g %.14g %e %5.3s %s %q", v, v, v, v, v, v, v)
end
print(acc[1]); print(acc[2]); print(acc[5]); print(acc[11]); print(#table.concat(acc))

local q = {}
for i = 1, 120 do q[#q + 1] = string.format("%q", "a\n\0b" .. i .. "\"\\\r\t" .. string.char(i)) end
print(q[1], q[48], q[120])
