local n = 0
for i = 1, 10 do n = n + i / 4 end
print(n, n .. "", string.format("%s", n), string.format("%.1f", n), tostring(n * 4))
print(0.1 + 0.7, (0.1 + 0.7) * 10, math.floor((0.1 + 0.7) * 10))
