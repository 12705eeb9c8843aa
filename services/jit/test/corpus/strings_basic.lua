local s = "hello world"
print(#s, s:upper(), s:lower(), s:sub(1, 5), s:sub(-5), s:sub(3, -3), s:sub(0), s:sub(20), s:len())
print(s:rep(2, "|"), ("ab"):rep(3), ("x"):rep(0), s:reverse(), s:byte(1), s:byte(-1), s:byte(1, 3))
print(string.char(72, 101, 108, 108, 111), s:find("world"), s:find("o", 6, true), s:find("xyz"))
print("a" .. "b" .. 1 .. 2.0, "tab\there", "quote\"s", 'single\'s', "nul\0byte" == "nul\0byte", #"nul\0byte")
