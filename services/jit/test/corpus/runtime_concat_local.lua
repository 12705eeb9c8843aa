local n = nil
print("x" .. n)
