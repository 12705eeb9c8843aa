-- io.read, io.lines and io.stdin over standard input: every format, failures stopping a read, the
-- three files, and what lsjit does not have (files by name). Run with read_formats.in as stdin.
local a, b, c = io.read("n", "n", "l")
print(a, b, c, math.type(a), math.type(b))
print(io.read("L"))
print(io.read("*l"))
print(io.read(5), io.read(0), io.read(2.0))
local n = 0
for line in io.lines() do n = n + 1; if n <= 3 then print(n, line, #line) end if n == 4 then break end end
for x, y in io.stdin:lines("n", "n") do print("pair", x, y) end
print(io.read("l"))
print(io.read("n"))
print(io.stdin:read("a"))
print(io.read("a"), io.read("l"), io.read(0), io.read(3))
print(pcall(io.read, "x"))
print(io.stdout:read("l"))
print(io.stdin:write("x"))
io.stderr:write("to stderr ", 42, "\n")
print(io.stderr ~= io.stdout, io.type(io.stdin), io.type(io.stderr), io.type(42))
print(select("#", pcall(io.lines, "file.txt")))
