local a = 1; local b = 2;;; print(a + b);
local t = {1; 2; 3,}; print(#t)
local f = function(...) return ... end; print(f(1))
print(#"", ("").x)
