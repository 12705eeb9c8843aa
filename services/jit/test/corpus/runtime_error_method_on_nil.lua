local obj = {}
obj:undefinedMethod()
