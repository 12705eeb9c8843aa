-- Mandelbrot set (benchmarks game algorithm): N x N bitmap, 50 iterations, checksum of the bytes.
local N = tonumber(arg and arg[1]) or 1500
local iter = 50
local checksum = 0
local bytes = 0
for y = 0, N - 1 do
  local Ci = 2.0 * y / N - 1.0
  local bits, nbits = 0, 0
  for x = 0, N - 1 do
    local Cr = 2.0 * x / N - 1.5
    local Zr, Zi, Zrq, Ziq = 0.0, 0.0, 0.0, 0.0
    local escaped = false
    for _ = 1, iter do
      Zi = 2.0 * Zr * Zi + Ci
      Zr = Zrq - Ziq + Cr
      Zrq = Zr * Zr
      Ziq = Zi * Zi
      if Zrq + Ziq > 4.0 then
        escaped = true
        break
      end
    end
    bits = bits * 2 + (escaped and 0 or 1)
    nbits = nbits + 1
    if nbits == 8 or x == N - 1 then
      if nbits < 8 then bits = bits << (8 - nbits) end
      checksum = (checksum * 31 + bits) % 1000000007
      bytes = bytes + 1
      bits, nbits = 0, 0
    end
  end
end
print(N, bytes, checksum)
