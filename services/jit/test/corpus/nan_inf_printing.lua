print(1/0, -1/0, 0/0, math.huge, -math.huge, math.huge * 0)
print(string.format("%f %f %g %.1f", 1/0, -1/0, 1/0, -1/0))
print(tostring(1/0), tostring(-1/0), math.floor(2.5), math.huge // 1)
