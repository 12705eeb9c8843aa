local cfg = {}
print(cfg.limit * 2)
