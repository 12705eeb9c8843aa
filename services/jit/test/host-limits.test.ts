// Limits of the host that a Lua program can reach: a string longer than V8 makes (2^29 - 24
// characters). lua5.4 raises its memory error ("not enough memory", no position) when an allocation
// fails, and pcall catches it; so does this implementation, at V8's limit rather than the machine's
// (README, "differences"). Not compared with lua5.4, which goes on doubling until memory runs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostErrorMessage } from '../src/vm/index.ts';
import { JIT_MODES, runOurs } from './support.ts';

const DOUBLING = `local s = string.rep("7", 4096)
local ok, err = pcall(function()
  while true do s = s .. s end
end)
print(ok, err, #s)
local big = string.rep("x", 2^28)
local t = { big, big }
print(pcall(table.concat, t, ","))
for i = 1, 3 do
  local ok2, e2 = pcall(function() local x = string.rep("z", 2^20) for _ = 1, 12 do x = x .. x end return #x end)
  print(i, ok2, e2)
end
print("still running", #s)
s = s .. s
print("not reached")
`;

test('a string past the longest V8 makes raises a memory error that pcall catches; uncaught, it ends the run', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-limits-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'doubling.lua'), DOUBLING);
  for (const mode of JIT_MODES) {
    const r = runOurs(dir, 'doubling.lua', [], mode);
    assert.equal(
      r.stdout,
      'false\tnot enough memory\t268435456\n' +
        'false\tnot enough memory\n' +
        '1\tfalse\tnot enough memory\n2\tfalse\tnot enough memory\n3\tfalse\tnot enough memory\n' +
        'still running\t268435456\n',
      `jit ${mode}`,
    );
    assert.equal(r.stderr1, 'lua5.4: not enough memory', `jit ${mode}`);
    assert.equal(r.status, 1);
  }
});

test('host errors are told apart: limits become Lua errors, anything else stays a bug', () => {
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error('did not throw');
  };
  assert.equal(hostErrorMessage(thrown(() => 'x'.repeat(2 ** 29))), 'not enough memory');
  assert.equal(hostErrorMessage(thrown(() => new Array(-1))), 'not enough memory');
  const deep = (n: number): number => deep(n + 1) + 1;
  assert.equal(hostErrorMessage(thrown(() => deep(0))), 'stack overflow');
  // V8's words when a Map passes 2^24 entries (a table with that many keys past its shape); filling
  // one takes seconds and a gigabyte, so the message is written out
  assert.equal(hostErrorMessage(new RangeError('Map maximum size exceeded')), 'not enough memory');
  assert.equal(hostErrorMessage(thrown(() => (1).toFixed(200))), undefined);
  assert.equal(hostErrorMessage(new TypeError('x is not a function')), undefined);
});
