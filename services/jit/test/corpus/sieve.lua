local N = 1000
local sieve = {}
for i = 2, N do sieve[i] = true end
for i = 2, math.floor(math.sqrt(N)) do if sieve[i] then for j = i * i, N, i do sieve[j] = false end end end
local count, last = 0, 0
for i = 2, N do if sieve[i] then count = count + 1; last = i end end
print(count, last)
