-- an uncaught error closes the main chunk's <close> variables first, and an error there replaces it
local x <close> = setmetatable({}, {__close=function(o,e) error("replaced", 0) end})
error("top")
