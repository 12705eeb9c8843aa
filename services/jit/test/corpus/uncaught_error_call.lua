local function f() error("boom from f") end
f()
