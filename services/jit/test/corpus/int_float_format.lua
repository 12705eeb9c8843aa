for _, v in ipairs({1, 1.0, -1, -1.0, 0.5, 100, 1e100, 2^24, 2^53, 2^53 + 1, 1e14, 1e15, 123456.789, 1/7}) do
  print(v, math.type(v), tostring(v))
end
print(3 | 0, 7 // 1, 7.0 // 1, math.tointeger(5.0), math.tointeger(5.5), math.tointeger("8"))
