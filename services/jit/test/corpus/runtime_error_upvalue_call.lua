local callback
local function run() callback() end
run()
