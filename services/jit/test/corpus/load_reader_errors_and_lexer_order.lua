-- load returns nil and the error when its reader function raises one (lua_load reads inside its
-- protected parse; under pcall, where no message handler of lua.c's adds a traceback to it); a chunk given to load keeps a first line starting with '#' (only a file's is
-- skipped); and a syntax error comes before a lexical error later in the text, as lua5.4's lexer reads
-- a token only when the parser asks for it.
print(pcall(load, function() error("reader fails", 0) end))
print(pcall(function() return select("#", load(function() error("x", 0) end)) end))
local n = 0
print(pcall(load, function()
  n = n + 1
  if n == 1 then return "return 1" end
  error("second piece fails", 0)
end))
print(select(3, pcall(load, function() error({ code = 7 }) end)).code)
print(pcall(load, function() local t = nil; return t.x end))
print(load("#!/usr/bin/lua\nreturn 5"))
print(load("x = = 1\ny = \"unterminated"))
print(load("x = 1 +\n\"\\q\""))
print(load("local t = { a = 1, b = 2 ~ }"))
print(load("return 1 + 'a' .. \"\\300\""))
print(load("return #!"))
