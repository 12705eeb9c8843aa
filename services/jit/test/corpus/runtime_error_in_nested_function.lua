local function level3() local t = nil; return t.field end
local function level2() return level3() end
local function level1() return level2() end
level1()
