--[[ a block
comment ]] print("after block comment")
--[==[ another
]] still comment ]==] print("after level-2 comment")
local s = [[
first line
second line]]
print(s, #s)
-- line comment
print("end") -- trailing
