// table.unpack(t) in traces (src/jit/tablenatives.ts): a loop unpacking a table into a fixed number of
// locals was aborted ("call to table.unpack") and blacklisted; it is traced now, reading the array part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSource } from '../src/index.ts';
import { runTraced } from './support.ts';

const LOOP = `local t = { 3, 4.5, "x" }
local s, n = 0, 0
for i = 1, 300 do
  local a, b, c = table.unpack(t)
  s = s + a + b
  n = n + #c
  if i == 200 then t = setmetatable({ 1 }, { __index = function(_, k) return k end }) ; t[3] = "yz" end
end
print(s, n)
`;

test('a loop unpacking a table into locals is traced, reads the array part, and leaves when a metatable appears', () => {
  const { out, dumps, stats } = runTraced(LOOP, 'unpack.lua');
  assert.equal(stats.tracesAborted, 0, dumps.filter((d) => d.includes(' aborted ')).join('\n'));
  assert.ok(stats.tracesCompiled >= 1);
  const code = dumps.join('\n');
  assert.match(code, /\.arr; if \(r\d+r?\.metatable !== null/);
  assert.ok(stats.sideExits >= 1, 'the table with a metatable leaves the trace');
  let interp = '';
  runSource(LOOP, { chunkname: 'unpack.lua', jit: false, write: (s) => (interp += s) });
  assert.equal(out, interp);
});

test('unpack wanting all its results is still left to the interpreter', () => {
  const { stats } = runTraced(
    'local t, s = { 1, 2 }, 0\nfor i = 1, 300 do s = s + select("#", table.unpack(t)) end\nprint(s)\n',
    'all.lua',
  );
  assert.ok(stats.tracesAborted > 0);
});
