-- A module that counts how often it is loaded and what require passed it.
loads = (loads or 0) + 1
local name, file = ...
local M = { name = name, file = file, loads = loads }
function M.inc(n) return n + 1 end
function M.fail(v) error({ code = v }) end
function M.deep(n)
  if n == 0 then error("deep failure") end
  return M.deep(n - 1) + 1
end
return M
