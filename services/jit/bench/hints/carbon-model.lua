-- A request-energy model whose configuration is fixed for a run: the `--@` hints let the tracing JIT
-- specialise the loop on it (lsjit run carbon-model.lua [--no-hints] -- [region] [model] [requests]).
-- lua5.4 reads the hints as comments.
local region = arg[1] or "GB" --@promote
local model = arg[2] or "cubic" --@promote
local requests = tonumber(arg[3]) or 4000000

--@pure
local function intensity(zone) -- grid carbon intensity, gCO2/kWh
  if zone == "GB" then return 180.0 elseif zone == "DE" then return 350.0 elseif zone == "FR" then return 55.0 end
  return 400.0
end

--@pure
local function wattsPerCore(kind)
  local table_ = { small = 3.5, large = 5.1, xlarge = 6.8 }
  return table_[kind] or 4.0
end

local grams, joules = 0.0, 0.0
for i = 1, requests do
  local cpu = (i % 97 + 1) * 0.001 -- CPU-seconds of this request
  local watts = wattsPerCore("large")
  local j
  if model == "linear" then
    j = cpu * watts
  elseif model == "cubic" then
    local load = cpu * 10
    j = cpu * watts * (0.6 + 0.4 * load * load * load)
  else
    j = 0.0
  end
  joules = joules + j
  grams = grams + j / 3600000 * intensity(region)
end
print(string.format("%.3f J, %.6f gCO2 for %d requests in %s (%s model)", joules, grams, requests, region, model))
