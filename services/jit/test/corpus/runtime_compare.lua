print(1 < {})
