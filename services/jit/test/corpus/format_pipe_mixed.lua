-- string.format with widths, precision, flags and %q
local rows = {
  {1.25, 3, "a"}, {-0.05, -42, "tab\there"}, {1234.5678, 0, "new\nline"},
  {0.05, 12345, "quote\"s"}, {0.15, 7, "back\\slash"}, {2.5, -1, "nul\0byte"},
}
for _, r in ipairs(rows) do
  print(string.format("%5.1f|%-5d|%q", r[1], r[2], r[3]))
end
print(string.format("[%10s][%-10s][%.2s]", "right", "left", "truncate"))
print(string.format("[%+d][% d][%05d][%-+6d][%x][%X][%#x][%o]", 5, 5, -42, 7, 255, 255, 255, 8))
print(string.format("[%e][%.3e][%E][%g][%G][%.3g]", 12345.678, 0.00012345, 1e-10, 1e20, 1e-20, 2/3))
print(string.format("[%10.3f][%-10.2f][%+.0f][%#.0f]", math.pi, -math.pi, 2.5, 3.0))
print(string.format("%q", 1), string.format("%q", -7), string.format("%q", math.mininteger))
print(string.format("%q", 0.5), string.format("%q", 1.0), string.format("%q", -2.75))
print(string.format("%q", 1/0), string.format("%q", -1/0))
print(string.format("%q", "\r\n\t\1\127\200\255"))
print(string.format("%q", "\0001"), string.format("%q", "\0a"))
print(string.format("%5s|%-5s|", 12, 3.5))
print(string.format("%d", 3.0), pcall(string.format, "%d", 3.5))
print(pcall(string.format, "%d", "3.5"))
print(string.format("%s %s %s", nil, true, 12.0))
print(string.format("%%|%c%c%c|", 76, 117, 97))
print(string.format("%.3s|%5.1s|", "abcdef", "xyz"))
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%y", 1))
print(pcall(string.format, "%d"))
print(string.format("%i|%5i", 42, -3))
print(string.format("%.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, -0.5))
