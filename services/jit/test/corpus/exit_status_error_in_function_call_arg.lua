local function id(x) return x end
print(id(undefined_table.key))
