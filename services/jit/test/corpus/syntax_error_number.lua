x = 3x4
