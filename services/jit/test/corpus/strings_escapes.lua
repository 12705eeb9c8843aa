print("\65\066\x43\u{44}", "a\z
      b", "\\", "\'", "line1\nline2", #"\u{20AC}", "\u{7F}" == "\127")
print([[long
string]], [==[with ]] inside]==], #[[
skipfirst]])
