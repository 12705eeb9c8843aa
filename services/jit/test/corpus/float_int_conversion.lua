print(3 // 1, 3.0 // 1, 3 / 1, 2^2, 10 // 3.0, math.floor(-0.5), math.ceil(-0.5))
print(1e15 // 1, math.floor(1e15), math.floor(1e20), math.ceil(-1e20), math.floor(2^62), math.floor(2^63))
print(string.format("%d", 2^31), math.tointeger(2^63), math.tointeger(-2^63), 7 // 0.5)
