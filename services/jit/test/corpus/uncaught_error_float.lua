-- an uncaught float error value: lua.c prints it as tostring does (2.0), with a traceback
error(2.0)
