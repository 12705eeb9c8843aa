-- Performance cliff (BENCHMARKS.md, 2026-12-01 23:55): a parser called under pcall, one input in ten
-- rejected with error(). Each error left the interpreter's dispatch function by a JS throw, and V8
-- looked up the throw's source position by scanning that huge function's position table.
local function parse(s)
  local n = tonumber(s)
  if not n then error("bad number: " .. s) end
  return n
end
local ok, bad, sum = 0, 0, 0
for i = 1, tonumber(arg and arg[1]) or 1000000 do
  local s = (i % 10 == 0) and "x" or tostring(i % 1000)
  local good, v = pcall(parse, s)
  if good then
    ok = ok + 1
    sum = sum + v
  else
    bad = bad + 1
  end
end
print(ok, bad, sum)
