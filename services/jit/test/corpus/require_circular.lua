-- A module that requires itself: each require loads it again (it is not in package.loaded until its
-- chunk returns), one C call deeper each time, until parsing the file overflows the C stack. lua5.4
-- reports that as a load error of the innermost require, with every level in the traceback.
print(pcall(require, "modules.circular"))
print(package.loaded["modules.circular"])
require("modules.circular")
