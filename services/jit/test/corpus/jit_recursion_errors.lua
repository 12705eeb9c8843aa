-- Errors raised deep inside traced recursion: the frames the traces leave behind are the
-- interpreter's own, so messages, lines, error levels and pcall match lua5.4.
local function down(n, t)
  if n == 0 then return t.x end
  return 1 + down(n - 1, t)
end
for i = 1, 100 do down(i % 20, { x = i }) end
print(pcall(down, 30, nil))
print(pcall(down, 30, { x = 'str' }))

local function check(n)
  if n == 0 then error('bottom reached', 2) end
  return check(n - 1) + 1
end
for _ = 1, 100 do pcall(check, 5) end
print(pcall(check, 12))

local function lvl(n)
  if n == 0 then error({ code = 7 }) end
  return lvl(n - 1)
end
for _ = 1, 100 do pcall(lvl, 3) end
local ok, e = pcall(lvl, 50)
print(ok, type(e), e.code)

-- an uncaught error deep down
local function boom(n)
  if n == 0 then
    local t = nil
    return t.field
  end
  return boom(n - 1) * 2
end
for _ = 1, 100 do pcall(boom, 4) end
boom(250)
