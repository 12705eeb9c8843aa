-- Performance cliff (BENCHMARKS.md, 2026-12-01 21:50): methods of two classes (one inheriting) setting
-- fields on their objects.
local Account = {}
Account.__index = Account
local function new(b) local o = setmetatable({ balance = b, n = 0 }, Account); return o end
function Account:deposit(v) self.balance = self.balance + v; self.n = self.n + 1 end
function Account:get() return self.balance end
local Savings = setmetatable({}, { __index = Account })
Savings.__index = Savings
function Savings:interest(r) self.balance = self.balance * (1 + r) end
local function newS(b) local o = new(b); o = setmetatable(o, Savings); return o end
local accts = {}
for i = 1, 50 do accts[i] = (i % 2 == 0) and new(i) or newS(i) end
local s = 0
for r = 1, 20000 do
  for i = 1, #accts do
    local a = accts[i]
    a:deposit(r % 5)
    s = s + a:get() % 11
  end
end
for i = 1, #accts, 2 do accts[i]:interest(0.5) end
print(s, accts[1].balance, accts[2].balance, accts[1].n)
