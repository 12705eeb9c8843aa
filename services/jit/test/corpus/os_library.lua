-- The os library: os.date in UTC ("!") and local time for fixed times, every strftime conversion of the C
-- locale and lua5.4's invalid ones, "*t", os.time of date tables (normalised), difftime, getenv of an unset
-- variable, and os.exit with a status.
local fmts = { "%Y-%m-%d %H:%M:%S", "%c", "%x %X %p %I %j %a %A %b %B %d %e %y %C", "%D %F %R %T %r %u %w %U %W %V %G %g %h %n%t%%", "%Ec %EY %Od %OH", "*t" }
for _, t in ipairs({ 0, 86399, 951782400, 1709164800, 1735603200, 1733097600, 2147483647, -86400 * 400 }) do
  for _, f in ipairs(fmts) do
    local r = os.date("!" .. f, t)
    if type(r) == "table" then
      print(t, r.year, r.month, r.day, r.hour, r.min, r.sec, r.wday, r.yday, r.isdst)
    else print(t, r) end
  end
end
print(os.time({ year = 2024, month = 2, day = 29, hour = 0 }) - os.time({ year = 2024, month = 1, day = 1, hour = 0 }))
local t = { year = 2024, month = 14, day = 35, hour = 25, min = 61, sec = -5 }
local secs = os.time(t)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
print(os.date("%Y-%m-%d %H:%M:%S", secs) == string.format("%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.min, t.sec))
print(os.time({ year = "2020", month = 1.0, day = 1 }) == os.time({ year = 2020, month = 1, day = 1 }))
print(pcall(os.time, { year = 2020, month = 1 }))
print(pcall(os.time, { year = 2020, month = "x", day = 1 }))
print(pcall(os.time, { year = 2020, month = 1, day = 1.5 }))
print(pcall(os.date, "%Q"))
print(pcall(os.date, "%E"))
print(pcall(os.date, "%Ez"))
print(pcall(os.date, "%"))
print(os.difftime(10, 3), math.type(os.difftime(10, 3)))
print(pcall(os.difftime, 10))
print(type(os.time()), math.type(os.time()), type(os.clock()))
print(os.getenv("SURELY_NOT_SET_ANYWHERE_LSJIT"))
print(os.date("%Y-%m-%d %H:%M:%S %z %Z", 1733097600), os.date("*t", 0).isdst)
print(pcall(os.getenv))
print(pcall(os.exit, "x"))
io.write("before exit\n")
os.exit(3)
print("not reached")
