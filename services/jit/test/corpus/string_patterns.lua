-- Lua patterns in the idioms real programs use, and at their limits and errors.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = type(t[i]) == "string" and string.format("%q", t[i]) or tostring(t[i]) end
  return table.concat(t, " ", 1, t.n)
end
local function try(f, ...) print(show(pcall(f, ...))) end

-- trim, split, words, key=value
print(show(("  hello world \t\n"):match("^%s*(.-)%s*$")))
local parts = {}
for field in ("a,b,,c"):gmatch("([^,]*)") do parts[#parts + 1] = "[" .. field .. "]" end
print(table.concat(parts))
local words = {}
for w in ("The quick, brown fox!"):gmatch("%a+") do words[#words + 1] = w:lower() end
print(table.concat(words, " "))
local conf = {}
for k, v in ("name = lsjit\nthreads=2\n  mode =  fast "):gmatch("(%w+)%s*=%s*(%w+)") do conf[k] = v end
print(conf.name, conf.threads, conf.mode)
-- gsub with strings, tables, functions and a count
print(show(("hello world"):gsub("o", "0")))
print(show(("hello world"):gsub("(%w+)", "<%1>")))
print(show(("hello world"):gsub("%w+", "%0 %0", 1)))
print(show(("$name is $age"):gsub("%$(%w+)", { name = "Ana", age = 7 })))
print(show(("1 2 3"):gsub("%d", function(d) return d * 2 end)))
print(show(("abc"):gsub("", "-")))
print(show(("abc"):gsub(".", { a = 1, b = false })))
print(show(("x = 1, y = 2"):gsub("(%w+) = (%w+)", "%2 = %1")))
print(show(string.gsub("hello", "l+", function() end)))
-- anchors, frontier, balance, back-references, position captures
print(show(("THE (quick) fox"):find("%f[%a]%a+%f[%A]")))
print(show(("THE (quick) fox"):match("%b()")))
print(show(('say "hi" and "bye"'):match('(["\'])(.-)%1')))
print(show(("hello"):match("()ll()")))
print(show(("  x"):find("^%s*")))
print(show(("abc"):find("b", -1)))
print(show(("abc"):find("", 10)))
print(show(("abc"):find("", 4)))
print(show(("a.b"):find(".", 1, true)))
print(show(("a+b"):find("+", 1, true)))
print(show(("[x]"):find("[", 1, true)))
print(show(string.match("2024-12-02", "(%d+)-(%d+)-(%d+)")))
print(show(string.match(" 0x1F ", "^%s*0[xX](%x+)%s*$")))
print(show(string.find("a\0b", "%z")), show(string.find("a\0b", "\0")))
print(show(string.match("caf\233", "[\128-\255]+")))
-- errors
try(string.find, "abc", "[a")
try(string.find, "abc", "%")
try(string.match, "abc", "(()")
try(string.match, "abc", "a)")
try(string.match, "abc", "%1")
try(string.gsub, "abc", "(a)", "%2")
try(string.gsub, "abc", "a", "%x")
try(string.gsub, "abc", "a", {a = {}})
try(string.gsub, "abc", "a")
try(string.match, "abc", "%f")
try(string.match, "abc", "%b")
try(string.match, string.rep("a", 300), string.rep("a?", 300) .. string.rep("a", 300))
try(string.match, "x", string.rep("(", 40) .. "x" .. string.rep(")", 40))
try(string.gsub, "abc", "%w", function(c) error("bad " .. c) end)
try(string.gsub, "abc", ".", { b = true })
