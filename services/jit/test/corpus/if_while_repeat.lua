local function classify(n) if n < 0 then return "neg" elseif n == 0 then return "zero" elseif n < 10 then return "small" else return "big" end end
print(classify(-5), classify(0), classify(5), classify(50))
local i, s = 0, 0
while i < 10 do i = i + 1; if i % 2 == 0 then s = s + i end end
print(s)
local n = 0
repeat n = n + 1 until n >= 5
print(n)
while true do n = n + 1; if n > 8 then break end end
print(n)
