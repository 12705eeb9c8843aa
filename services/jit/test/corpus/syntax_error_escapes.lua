-- Escape sequences the lexer refuses, through load: the message names what lua5.4's lexer had read
-- when it stopped, and the char after it (llex.c's esccheck), in the chunk's source text.
local cases = {
  [["\300"]], [["\2555"]], [["\256]], [["\999"]],
  [["\u{110000000}"]], [["\u{80000000}"]], [["\u{7FFFFFFF}"]], [["\u{}"]], [["\u{12"]], [["\u12"]],
  [["\u{12x}"]], [["\u{zz}"]], [["\u]], [["\u{]], [["\xg"]], [["\x5g"]], [["\x5]], [["\q"]],
  [["ok\u{48}\u{20AC}"]], [['\u{0}\u{00000041}']],
}
for _, c in ipairs(cases) do
  local f, err = load("return " .. c, "=escapes")
  if f then
    local s = f()
    print(c, #s, s:byte(1, -1))
  else
    print(c, err)
  end
end
