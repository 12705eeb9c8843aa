local t = {"b", "a", "C", "B", "aa", "", "ab"}
table.sort(t)
print(table.concat(t, ","))
print("a" < "aa", "b" > "abc", "A" < "a", "\0" < "\1")
