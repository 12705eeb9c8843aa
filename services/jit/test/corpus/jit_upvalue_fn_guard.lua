-- A loop calling a function held in an upvalue the loop never assigns: the trace checks the function
-- once on entry. Between runs of the loop the upvalue changes, so later entries see another function.
local f = function(i, j) return i * 0.5 + j end
local function run(n)
  local a = 0
  for j = 1, n do a = a + f(j, 2) end
  return a
end
print(run(100), run(200))
f = function(i, j) return i - j end
print(run(100), math.type(run(10)))
f = function(i, j) return (i + j) // 3 end
print(run(150))
f = "not a function"
print(pcall(run, 5))
