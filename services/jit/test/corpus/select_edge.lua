print(select('#'), select('#', nil), select(3, 1, 2), select(-2, 1, 2, 3))
print(pcall(select, 0))
print(pcall(select, -5, 1))
