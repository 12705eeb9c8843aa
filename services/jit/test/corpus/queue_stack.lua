local Stack = {}
Stack.__index = Stack
function Stack.new() return setmetatable({n = 0, items = {}}, Stack) end
function Stack:push(v) self.n = self.n + 1; self.items[self.n] = v end
function Stack:pop() local v = self.items[self.n]; self.items[self.n] = nil; self.n = self.n - 1; return v end
local s = Stack.new()
for i = 1, 5 do s:push(i * i) end
print(s:pop(), s:pop(), s.n)
