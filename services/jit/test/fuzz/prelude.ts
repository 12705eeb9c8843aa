// The Lua the generators start their programs with: `emit` appends a line of shown values to `out`,
// which the program prints at its end; `sorted` shows a table's pairs in an order lua5.4 and this
// implementation share. `show` names each value's subtype and never prints an address (lua5.4's
// own), whether of a table, a function or in a string tostring made of one.
export const SHOW_EMIT = `local out = {}
local function show(x)
  local t = math.type(x) or type(x)
  if t == "table" then
    local v = rawget(x, "v")
    if v ~= nil then return "obj(" .. show(v) .. ")" end
    return "table#" .. rawlen(x)
  end
  if t == "function" then return "function" end
  if t == "string" then
    -- tostring of a table or function made this string: its address is lua5.4's own
    local at = x:find("table: ", 1, true) or x:find("function: ", 1, true)
    if at then x = x:sub(1, at - 1) .. "<address>" end
    if #x > 160 then return "string:" .. #x .. ":" .. x:sub(1, 120) end
  end
  return t .. ":" .. tostring(x)
end
local function emit(...)
  local parts = {}
  for k = 1, select("#", ...) do parts[k] = show((select(k, ...))) end
  out[#out + 1] = table.concat(parts, " ")
end
local function sorted(tb)
  local ks = {}
  for k, v in pairs(tb) do ks[#ks + 1] = show(k) .. "=" .. show(v) end
  table.sort(ks)
  return table.concat(ks, ",")
end
`;
