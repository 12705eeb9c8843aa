-- A package: shapes/init.lua, with a submodule that requires its parent.
local shapes = { kinds = {} }
function shapes.register(kind, area) shapes.kinds[kind] = area end
return shapes
