-- string.format's conversion specifications as lua5.4 checks them (flags per conversion, two-digit width and
-- precision, %u, %p of non-pointers, '#' with %e/%g/%a, %a's precision rounding), against every kind of value.
local specs = { "%5.3.2d", "%-+ #0d", "%.d", "%5.d", "%1.123d", "%0005d", "%lld", "%10", "%", "%5c", "%.3c", "%05s", "%-5s|", "%.0s|", "%5.0s|",
  "%.0a", "%.1a", "%.2a", "%#.0a", "%.13a", "%.14a", "%A", "%.3A", "%-12.2a|", "%012.2a", "%+.1a", "% .1a",
  "%.0e", "%#.0e", "%#.0f", "%#g", "%#.3g", "%-+10.3e|", "%05.1f", "%.0f", "%10.4g|", "%i", "%5i", "%-5u|", "%.5u",
  "%#o", "%#.0o", "%.0d", "%.0x", "%#.0x", "%+.0d", "%x", "%5.3x", "%-#8x|", "%#X", "%c%c%c", "%s %s", "%d %q",
  "%-------------------d", "%--------------------d", "%99.99f", "%99.99e", "%.99g", "%p" }
local function addr(s) return (type(s) == "string" and s:sub(1, 2) == "0x") and "ADDR" or s end
local vals = { 0, -0.0, 1, -1, 3.25, 1.5, -2.5, 0.5, 255, -255, 1e300, 2^-1074, 2^-1022, 0.1, 1/3, math.maxinteger, math.mininteger,
  2^63, 1/0, -1/0, 0/0, 65, "x", "12", "1e2" }
for _, f in ipairs(specs) do
  for _, v in ipairs(vals) do
    local ok, r = pcall(string.format, f, v, v, v)
    print(f, tostring(v), ok, (f == "%p" and type(v) == "string") and addr(r) or r)
  end
end

local convs = { "d", "i", "u", "x", "X", "o", "c", "s", "f", "e", "g", "a", "q", "F", "E", "G", "A" }
local mods = { "", "-", "+", " ", "#", "0", "5", "-5", "05", ".3", "5.2", "#x", "+5", " 5", "#5.3", "-05", "099", "100", ".99", ".100" }
for _, c in ipairs(convs) do
  for _, m in ipairs(mods) do
    local f = "%" .. m .. c
    local arg = (c == "s" or c == "q") and "ab" or (c == "c") and 65 or (({d=1,i=1,u=1,x=1,X=1,o=1})[c] and -42) or 3.25
    local ok, r = pcall(string.format, f, arg)
    print(f, ok, r)
  end
end
