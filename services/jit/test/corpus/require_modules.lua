-- require, package and loadfile/dofile over files beside this program (modules/), as lua5.4 runs
-- them from this directory: caching, loader data, init.lua, dotted names, preload, searchers,
-- searchpath, errors while finding and loading, and tracebacks naming a required module's functions.
local counter, where = require("modules.counter")
print(counter.name, counter.file, where, counter.loads, counter.inc(41))
print(require("modules.counter") == counter, select("#", require("modules.counter")), loads)
print(package.loaded["modules.counter"] == counter)

local square = require("modules.shapes.square")
print(square.area(7), square.parent == require("modules.shapes"), package.loaded["modules.shapes"] ~= nil)

print(require("modules.selfset").set, select(2, require("modules.selfset")))
print(require("modules.falsy"), require("modules.falsy"), falsy_loads)

-- the messages of every searcher that found nothing
for _, name in ipairs({ "modules.missing", "nodots", "modules.broken", "modules.raises" }) do
  local ok, err = pcall(require, name)
  print(name, ok, err)
end

-- preload comes first; a loader gets the name and ":preload:"
package.preload["modules.counter2"] = function(...) print("preloaded", ...) return { pre = true } end
print(require("modules.counter2").pre)
-- a searcher of our own, and its message among the others
table.insert(package.searchers, 2, function(name)
  if name == "virtual" then return function(n, data) return { n = n, data = data } end, "from searcher" end
  return "\n\tno virtual module '" .. name .. "'"
end)
local v = require("virtual")
print(v.n, v.data)
print(select(2, pcall(require, "absent")))
table.remove(package.searchers, 2)

-- package.path as the searchers read it
local saved = package.path
package.path = "./modules/?.lua;./modules/?/init.lua"
print(require("shapes") == require("modules.shapes"), package.loaded.shapes ~= nil)
print(pcall(require, "nothere"))
package.path = 42
print(pcall(require, "numbered"))
package.path = saved
print(package.searchpath("modules.counter", package.path))
print(package.searchpath("a.b.c", "x/?.lua;;?;y/?/z", ".", "_"))
print(package.searchpath("a.b", "?", ""))
print(package.config == "/\n;\n?\n!\n-\n", type(package.cpath), type(package.searchers), #package.searchers)
for _, name in ipairs({ "_G", "package", "coroutine", "table", "io", "os", "string", "math", "utf8", "debug" }) do
  io.write(name, " ", tostring(package.loaded[name] == _G[name]), " ")
end
print()

-- loadfile and dofile
print(loadfile("modules/shebang.lua")("x", "y"))
print(dofile("modules/shebang.lua"))
print(loadfile("modules/missing.lua"))
print(loadfile("modules"))
print(loadfile("modules/broken.lua"))
print(loadfile("modules/shebang.lua", "b"))
local env = { debug = debug, select = select }
local f = loadfile("modules/counter.lua", "t", env)
print(f("viaenv").name, env.loads, loads)
print(pcall(dofile, "modules/missing.lua"))
print(pcall(dofile, "modules/raises.lua"))
print(pcall(loadfile, {}))

-- a required module's functions are named by the module in tracebacks
print(select(2, xpcall(counter.deep, debug.traceback, 3)))
print(select(2, pcall(counter.fail, 7)).code)
print(pcall(require))
require("modules.raises")
