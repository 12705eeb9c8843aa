-- string.pack / unpack / packsize compared byte for byte with lua5.4
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local function show(...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end print(table.concat(t, " ")) end
local fmts = { "b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T", "i1", "I3", "i7", "i16", "I16", "i9" }
for _, f in ipairs(fmts) do
  for _, v in ipairs({ 0, 1, -1, 127, 255, 32767, -32768, 65535, 2^31 - 1, -2^31, math.maxinteger, math.mininteger }) do
    local ok, s = pcall(string.pack, "<" .. f, math.tointeger(v) or v)
    if ok then
      local okr, r, n = pcall(string.unpack, "<" .. f, s)
      show(f, v, hex(s), okr, r, n)
      local sb = string.pack(">" .. f, math.tointeger(v) or v)
      show(" >", hex(sb), string.unpack(">" .. f, sb))
    else
      show(f, v, "error", s)
    end
  end
end
-- floats
for _, v in ipairs({ 0.0, -0.0, 1.5, -2.25, 1e300, 3.14159265358979, 1/0, -1/0, 2^24 + 1, 7 }) do
  show("f", v, hex(string.pack("<f", v)), string.unpack("<f", string.pack("<f", v)))
  show("d", v, hex(string.pack(">d", v)), string.unpack(">d", string.pack(">d", v)))
  show("n", v, hex(string.pack("=n", v)), string.unpack("=n", string.pack("=n", v)))
end
-- strings
show(hex(string.pack("z", "hello")), string.unpack("z", string.pack("z", "hello")))
show(hex(string.pack("s1", "abc")), string.unpack("s1", string.pack("s1", "abc")))
show(hex(string.pack(">s2", "abc")), string.unpack(">s2", string.pack(">s2", "abc")))
show(hex(string.pack("s", "")), string.unpack("s", string.pack("s", "")))
show(hex(string.pack("c5", "ab")), string.unpack("c5", string.pack("c5", "ab")))
show(hex(string.pack("c0", "")), string.unpack("c0", ""))
-- several values, alignment and padding
local s = string.pack("!<i1 i4 x d h Xi8 b", 1, 2, 3.5, 4, 5)
show(hex(s), #s, string.unpack("!<i1 i4 x d h Xi8 b", s))
show(string.packsize("!i1 i4"), string.packsize("i1 i4"), string.packsize("!4 i1 d"), string.packsize("!2 b h i"), string.packsize("c10 Xi4"))
show(string.packsize("<!8 b Xd"), pcall(string.packsize, "i3 !4 i3 Xi4"))
show(pcall(string.packsize, "!4 i3"), string.packsize("!8 i16 b"), pcall(string.packsize, "!16 b i16"))
-- positions
local p = string.pack("i2 i2 i2", 1, 2, 3)
show(string.unpack("i2", p, 3), string.unpack("i2", p, -2), string.unpack("i2 i2", p, -4))
show(pcall(string.unpack, "i2", p, 8))
show(string.unpack("i2", p, 7 - 1 - 1 + 1 - 2))
show(string.unpack("", p, 7))
show(pcall(string.unpack, "i2", p, 6))
-- errors
local bad = {
  { "pack", "i17", 1 }, { "pack", "i0", 1 }, { "pack", "c", "x" }, { "pack", "y", 1 },
  { "pack", "i1", 128 }, { "pack", "I1", 256 }, { "pack", "I1", -1 }, { "pack", "c2", "abc" },
  { "pack", "z", "a\0b" }, { "pack", "s1", string.rep("x", 256) }, { "pack", "!3 i4", 1 },
  { "pack", "X", 1 }, { "pack", "Xc1", 1 }, { "pack", "i4", 1.5 }, { "pack", "i4", "7" },
  { "pack", "i4", "x" }, { "pack", "d", "2.5" }, { "pack", "d", {} }, { "pack", "i4" },
  { "packsize", "s" }, { "packsize", "z" }, { "packsize", "c2147483647 c2" },
  { "unpack", "i4", "abc" }, { "unpack", "z", "abc" }, { "unpack", "s1", "\5ab" },
  { "unpack", "i9", "\1\0\0\0\0\0\0\0\1" }, { "unpack", "i9", string.rep("\255", 9) },
  { "unpack", "I9", string.rep("\255", 9) }, { "unpack", ">i16", string.rep("\0", 15) .. "\1" },
  { "unpack", "i4", "abcd", 6 }, { "unpack", "!17 i4", "abcd" },
}
for _, b in ipairs(bad) do
  show(b[1], b[2], pcall(string[b[1]], table.unpack(b, 2)))
end
-- a packed record round trip in a loop hot enough to trace
local acc = 0
for i = 1, 3000 do
  local rec = string.pack("<i4 d s1", i, i / 4, "n" .. i)
  local a, f, str = string.unpack("<i4 d s1", rec)
  acc = acc + a + f + #str
end
print(acc)
