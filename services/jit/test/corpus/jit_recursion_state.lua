-- Function traces and state: upvalues, memo tables, globals changed by deeper calls, result
-- counts that differ by path, NaN and -0.0 signs through recursion.
local counter = 0
local function visit(n)
  counter = counter + 1
  if n <= 1 then return n end
  return visit(n - 1) + visit(n - 2)
end
print(visit(18), counter)
-- upvalue of an enclosing function, closed
local function make()
  local hits = 0
  local function rec(n)
    hits = hits + n
    if n == 0 then return hits end
    return rec(n - 1)
  end
  return rec, function() return hits end
end
local r, h = make()
for i = 1, 100 do r(i % 7) end
print(r(3), h())
-- recursion writing into tables (effects) with a type change mid-way
local memo = {}
local function fibm(n)
  local v = memo[n]
  if v then return v end
  if n < 2 then v = n else v = fibm(n - 1) + fibm(n - 2) end
  memo[n] = v
  return v
end
for i = 1, 80 do memo = {}; fibm(i % 40) end
print(fibm(70), fibm(78))
memo[50] = 'fifty'
print(pcall(fibm, 52))
-- a global function reading a global that it changes in deeper calls
depthlimit = 10
function down(n)
  if n > depthlimit then return n end
  if n == 5 then depthlimit = 8 end
  return down(n + 1)
end
for i = 1, 100 do depthlimit = 10; down(i % 3) end
print(down(0), depthlimit)
-- recursion where the number of results differs by path
local function multi(n)
  if n == 0 then return end
  if n == 1 then return 1, 2, 3 end
  return multi(n - 2)
end
local ss = 0
for i = 1, 200 do
  local a, b, c = multi(i % 6)
  ss = ss + (a or 10) + (b or 100) + (c or 1000)
end
print(ss)
-- nan and -0.0 through recursion
local function neg(x, n) if n == 0 then return x end return -neg(x, n - 1) end
for _ = 1, 100 do neg(1.5, 3) end
print(neg(0/0, 1), neg(0/0, 2), neg(0.0, 1), neg(-0.0, 2), 1/neg(0.0, 3))
