-- The standard files are userdata, as lua5.4's are: type() says so, tostring shows "file (0x...)", the
-- raw table functions refuse them, and indexing one reads its metatable's methods only.
print(type(io.stdout), io.type(io.stdout), io.type(io.stderr), io.type({}), io.type(5))
print(tostring(io.stdout):match("^file %(0x%x+%)$") ~= nil, tostring(io.stdout) ~= tostring(io.stderr))
print(getmetatable(io.stdout).__name, io.stdout.write == io.stderr.write, io.stdout.nothing)
print(pcall(rawget, io.stdout, "x"))
print(pcall(rawset, io.stdout, "x", 1))
print(pcall(rawlen, io.stdout))
print(pcall(next, io.stdout))
print(pcall(setmetatable, io.stdout, {}))
print(pcall(function() io.stdout.x = 1 end))
print(pcall(function() return #io.stdout end))
print(pcall(function() return io.stdout < io.stderr end))
print(pcall(function() return io.stdout .. "" end))
print(pcall(function() for k in pairs(io.stdout) do end end))
print(io.stdout == io.stdout, io.stdout ~= io.stderr)
local seen = {}
seen[io.stdout] = "out"
seen[io.stderr] = "err"
print(seen[io.stdout], seen[io.stderr], seen[io.stdin])
print(io.stdout:write("written through the method\n") == io.stdout, io.write("") == io.stdout)
print(io.stdin:write("x"))
local n = 0
for i = 1, 100 do
  local f = i % 2 == 0 and io.stdout or io.stderr
  if type(f) == "userdata" and io.type(f) == "file" and f.write ~= nil then n = n + 1 end
end
print(n)

-- A file's methods and the iterator of lines are in no library table: called with no name at the call
-- site (through pcall) they are '?' in argument errors, and the iterator counts its formats from #2.
print(pcall(io.stdout.write, 5, "x"))
print(pcall(io.stdout.write, io.stdout, {}))
print(pcall(io.stdin.read, io.stdin, "x"))
print(pcall(io.stdin.lines, 5))
print(pcall(io.lines(nil, "x")))
print(pcall(getmetatable(io.stdout).__tostring, 5))
print(pcall(function() io.stdout.write(5, "x") end))
print(pcall(function() io.stdin:read("x") end))
print(pcall(function() for l in io.lines(nil, "x") do end end))

-- Flushing answers true; what was written before it comes out before what follows on stderr.
print(io.flush(), io.stdout:flush(), io.stderr:flush(), io.stdin:flush())
print(pcall(io.stdout.flush, 5))
