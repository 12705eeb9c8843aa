local s = "  Hello, World  "
print(s:upper():lower(), ("abc"):upper():rep(2), s:len(), ("%d-%d"):format(1, 2))
print(("x"):byte(), ("hello"):sub(2, 3):upper())
