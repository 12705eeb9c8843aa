-- os.getenv of a variable cli.test.ts sets, then os.exit(7) from inside a pcall and a loop.
print(os.getenv("LSJIT_TEST_VAR"), os.getenv("SURELY_NOT_SET_ANYWHERE_LSJIT"))
io.write("before exit\n")
for i = 1, 100 do pcall(function() if i == 60 then os.exit(7) end end) end
print("not reached")
