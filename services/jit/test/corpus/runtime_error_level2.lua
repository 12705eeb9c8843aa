local function check(x) if type(x) ~= "number" then error("expected number", 2) end end
check("s")
