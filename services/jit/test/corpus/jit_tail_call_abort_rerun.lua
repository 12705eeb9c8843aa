-- A loop trace inlines outer -> mid -> inner, the last two by tail calls, each putting its callee in
-- the call's function slot as lua5.4's TAILCALL does. A recording that aborts inside inner before any
-- store (the call to io.write, the call to error) re-runs the loop's call from the start: it must
-- find outer in the slot again, not inner (which then ran without its second argument).
local function inner(x, tag)
  if x % 10 == 0 then io.write(tostring(tag), " ", x, "\n") end
  return x + 1
end
local function mid(x, tag) return inner(x, tag) end
local function outer(x) return mid(x, "outer") end
local sum = 0
for i = 1, 60 do sum = sum + outer(i) end
print(sum)

local function e1(x, lvl) if x % 26 == 0 then error("e1:" .. x, lvl) end return x + 1 end
local function e4(x, lvl) return e1(x, lvl) end
local function top(x) return e4(x, 2) end
for i = 1, 100 do top(i) end
