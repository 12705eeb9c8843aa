-- Performance cliff (BENCHMARKS.md, 2026-12-01 21:50): a while loop of 7 back-edges per call, ended by
-- a break, in a function called from a loop. Its recordings met its last trip and it was blacklisted.
local function count(s, ch)
  local n, i = 0, 1
  while true do
    local j = string.find(s, ch, i, true)
    if not j then break end
    n = n + 1; i = j + 1
  end
  return n
end
local total = 0
local line = "a,b,c,d,e,f,g,h"
for k = 1, 1000000 do total = total + count(line, ",") end
print(total)
