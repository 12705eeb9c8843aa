-- io.open and the file methods on real files (made with os.tmpname, removed at the end): every mode,
-- read formats, seek, lines, append positions, closed files, the default input and output, io.lines
-- closing what it opened, <close>, tmpfile, os.rename and os.remove, and the failures with their errno.
local name, other, third = os.tmpname(), os.tmpname(), os.tmpname()
print(name:match("^/tmp/lua_%w%w%w%w%w%w$") ~= nil, name ~= other, io.open(name):read("a") == "")

local f = assert(io.open(name, "w"))
print(io.type(f), f:write("line one\n", 2, " ", 3.5, "\n") == f, f:seek("cur"), f:seek("set", 5), f:seek("end"))
print(f:read("l"))
print(f:close(), io.type(f), tostring(f))
print(pcall(f.write, f, "x"))
print(pcall(function() return f:read() end))
for l in io.lines(name) do io.write("[", l, "]") end
print()
for a, b in io.lines(name, 1, "n") do print(a, b) end

local r = io.open(name)
print(r:read("n"), r:read("l"), r:read("a"), r:read("a"), r:read("l"))
print(r:seek("set"), r:read(4), r:seek("cur", -2), r:read("L"))
print(r:seek("set", -1))
print(r:write("nope"))
r:close()

local a = io.open(name, "a")
print(a:seek("cur"), a:write("appended\n") == a, a:seek("cur"))
print(a:read("l"))
a:close()
local ap = io.open(name, "a+")
print(ap:seek("cur"), ap:read("l"), ap:write("more\n") == ap, ap:seek("cur"), ap:read("a"))
ap:seek("set", 0)
print(ap:read("a"))
ap:close()
local rp = io.open(name, "r+b")
rp:write("LINE")
rp:seek("set", 0)
print(rp:read("a"))
rp:close()

local wp = io.open(other, "w+")
wp:write("hello\nworld\n")
wp:seek("set", 0)
print(wp:read("l", "l", "l"))
wp:seek("set", 20)
wp:write("x")
wp:seek("set")
local all = wp:read("a")
print(#all, all:byte(13), all:byte(20), all:sub(-1))
wp:close()

local function masked(...)
  local t = table.pack(...)
  for i = 1, t.n do
    if type(t[i]) == "string" then t[i] = t[i]:gsub("/tmp/lua_%w+", "NAME") end
  end
  return table.unpack(t, 1, t.n)
end
print(masked(io.open(name .. ".missing")))
print(io.open("/nonexistent-dir/x.txt", "w"))
print(io.open("modules", "w"))
local dir = io.open("modules")
print(io.type(dir), dir:read("l"))
dir:close()
print(pcall(io.open, name, "rw"))
print(pcall(io.open, name, "x"))
print(masked(pcall(io.lines, name .. ".missing")))
print(select("#", io.lines(name)), select(4, io.lines(name)) ~= nil)
print(io.close(io.stdout))
print(pcall(io.stdout.seek, io.stdout, "bad"))
print(pcall(io.stdout.setvbuf, io.stdout, "bad"), io.stdout:setvbuf("no"), io.stdout:setvbuf("full", 1024))
do
  local c <close> = io.open(name)
  print(c:read("l"))
  closed_later = c
end
print(io.type(closed_later))
local t = io.tmpfile()
t:write("tmp data")
t:seek("set")
print(t:read("a"), io.type(t))
t:close()

print(os.rename(other, third), io.open(third):read("l"))
print(os.rename(other, third))
print(os.remove(third))
print(masked(os.remove(third)))

-- the default output and input
io.output(other)
io.write("to the other file\n", 42, "\n")
print("print still goes to standard output")
print(io.output() ~= io.stdout, io.type(io.output()))
io.close()
print(pcall(io.write, "x"))
print(pcall(io.flush))
io.output(io.stdout)
io.input(other)
print(io.read("l"), io.read("n"))
print(io.read("a"))
io.close(io.input())
print(pcall(io.read))
print(pcall(io.lines))
io.input(io.stdin)
print(masked(pcall(io.input, name .. ".missing")))
print(pcall(io.output, {}))

local lf = io.open(name)
local it = lf:lines("L")
print(it())
lf:close()
print(pcall(it))
local it2 = io.lines(name)
while it2() do end
print(pcall(it2))
print(pcall(function() for _ in io.lines(name, "x") do end end))

-- numbers and byte counts from a file, seeking from the end, argument errors of the methods
local nf = io.open(name, "w")
nf:write("12 0x1F -3.5e2 abc\n", "second line\n", "third")
nf:close()
nf = io.open(name)
print(nf:read("n", "n", "n", "n"))
print(nf:read("l"))
print(nf:read(0), nf:read(3), nf:read("*l"), nf:read("*a"), nf:read(0), nf:read("a"), nf:read("n"))
print(nf:seek("end", -3), nf:read("a"))
print(pcall(function() return nf:seek("bad") end))
print(pcall(function() return nf:seek("set", "x") end))
print(pcall(function() return nf:setvbuf("never") end))
print(pcall(function() return nf:read({}) end))
local formats = {}
for i = 1, 251 do formats[i] = "l" end
print(pcall(nf.lines, nf, table.unpack(formats)))
print(pcall(function() return nf:lines(table.unpack(formats)) end))
print(masked(pcall(io.lines, name, table.unpack(formats))))
nf:seek("set")
for a, b in nf:lines(1, 2) do io.write(a, "|", b, ";") end
print()
nf:close()
print(pcall(io.close, 5), pcall(io.open, {}))

-- a file left open is written when the program ends; here flush makes it visible at once
local keep = io.open(other, "w")
keep:write("flushed")
print(io.open(other):read("a"), keep:flush(), io.open(other):read("a"))
keep:close()
print(os.remove(name), os.remove(other))
