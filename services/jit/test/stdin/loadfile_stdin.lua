-- loadfile() and dofile() read standard input from where io.read left it.
print(io.read("l"))
local chunk = loadfile()
print(chunk("arg"))
print(dofile())
print(io.read("a"), io.read("l"))
