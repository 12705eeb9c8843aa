-- Library and call paths, one small loop each, timed with os.clock: a survey for cliffs (BENCHMARKS.md,
-- 2026-12-05 17:14-19:06 entry). `lua5.4 survey.lua [case]` and `lsjit run [--no-jit] survey.lua [case]` print
-- "name|seconds|result" per case; run one case per process (the argument) for figures that do not
-- depend on what ran before in the same process. The results must agree between implementations.
local N = 1000000
local cases = {}
local function case(name, f) cases[#cases+1] = {name, f} end
case("gsub fn", function() local s = ("abc def ghi "):rep(10); local c = 0; for i = 1, N/20 do local r = s:gsub("%w+", function(w) c = c + 1 return w end) end return c end)
case("sort cmp", function() local c=0 for r=1,N/20000 do local t={} for i=1,2000 do t[i]=(i*7919)%2003 end table.sort(t, function(a,b) return a>b end) c=c+t[1] end return c end)
case("closures", function() local c=0 for i=1,N do local f=function() return i end c=c+f() end return c end)
case("varargs select", function() local function f(...) return select('#', ...) + select(2, ...) end local c=0 for i=1,N do c=c+f(i,i,i) end return c end)
case("varargs pack", function() local function f(...) local t={...} return #t end local c=0 for i=1,N do c=c+f(i,i,i) end return c end)
case("table.unpack", function() local t={1,2,3} local c=0 for i=1,N do local a,b,d=table.unpack(t) c=c+a+b+d end return c end)
case("method calls", function() local C={} C.__index=C function C.new(x) return setmetatable({x=x},C) end function C:get() return self.x end local o=C.new(3) local c=0 for i=1,N do c=c+o:get() end return c end)
case("new objects", function() local C={} C.__index=C local c=0 for i=1,N do local o=setmetatable({x=i,y=i},C) c=c+o.x end return c end)
case("tostring", function() local c=0 for i=1,N do c=c+#tostring(i) end return c end)
case("tonumber str", function() local c=0 for i=1,N do c=c+tonumber("12"..(i%10)) end return c end)
case("string.format", function() local c=0 for i=1,N/2 do c=c+#string.format("%d:%s:%.2f", i, "x", i/3) end return c end)
case("concat ..", function() local c=0 for i=1,N do local s="a"..i.."b" c=c+#s end return c end)
case("str sub/byte", function() local s=("hello world"):rep(4) local c=0 for i=1,N do c=c+s:byte(i%40+1)+#s:sub(i%10, i%10+5) end return c end)
case("string.find pat", function() local s="key=value; other=thing" local c=0 for i=1,N/4 do local a,b,k,v=s:find("(%w+)=(%w+)", 8) c=c+b end return c end)
case("pairs", function() local t={} for i=1,100 do t["k"..i]=i end local c=0 for r=1,N/100 do for k,v in pairs(t) do c=c+v end end return c end)
case("ipairs", function() local t={} for i=1,100 do t[i]=i end local c=0 for r=1,N/100 do for k,v in ipairs(t) do c=c+v end end return c end)
case("table.insert/remove", function() local t={} local c=0 for i=1,N do t[#t+1]=i if #t>100 then c=c+table.remove(t,1) end end return c end)
case("pcall ok", function() local function f(x) return x end local c=0 for i=1,N do local ok,v=pcall(f,i) c=c+v end return c end)
case("error/pcall", function() local function f(x) error("e") end local c=0 for i=1,N/10 do local ok,v=pcall(f,i) if not ok then c=c+1 end end return c end)
case("string keys", function() local t={} local c=0 for i=1,N do t["k"..(i%1000)]=i end for k,v in pairs(t) do c=c+v end return c end)
case("setmetatable __index fn", function() local t=setmetatable({}, {__index=function(t,k) return k*2 end}) local c=0 for i=1,N do c=c+t[i] end return c end)
case("__call", function() local o=setmetatable({}, {__call=function(self,x) return x end}) local c=0 for i=1,N do c=c+o(i) end return c end)
case("string compare", function() local a,b="abc","abd" local c=0 for i=1,N do if a<b then c=c+1 end end return c end)
case("upper/lower/rep", function() local c=0 for i=1,N/4 do c=c+#(("ab"):rep(5):upper():lower()) end return c end)
case("string.char", function() local c=0 for i=1,N/2 do c=c+#string.char(65+i%26, 66, 67) end return c end)
case("math floor/max", function() local c=0 for i=1,N do c=c+math.floor(i/3)+math.max(i,5) end return c end)
case("gmatch", function() local s=("w1 w2 w3 w4 "):rep(5) local c=0 for r=1,N/40 do for w in s:gmatch("%S+") do c=c+#w end end return c end)
case("table.concat", function() local t={} for i=1,50 do t[i]="x"..i end local c=0 for r=1,N/50 do c=c+#table.concat(t, ",") end return c end)
case("coroutine wrap", function() local c=0 for r=1,N/100 do for v in coroutine.wrap(function() for i=1,100 do coroutine.yield(i) end end) do c=c+v end end return c end)
local only = arg and arg[1]
for _, cs in ipairs(cases) do
  if not only or cs[1] == only then
    local t0 = os.clock()
    local r = cs[2]()
    io.write(string.format("%s|%.3f|%s\n", cs[1], os.clock() - t0, tostring(r)))
  end
end
