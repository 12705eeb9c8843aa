// Limits of the host that a Lua program can reach: a string longer than V8 makes (2^29 - 24
// characters). lua5.4 raises its memory error ("not enough memory", no position) when an allocation
// fails, and pcall catches it; so does this implementation, at V8's limit rather than the machine's
// (README, "differences"). Not compared with lua5.4, which goes on doubling until memory runs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostErrorMessage } from '../src/vm/index.ts';
import { JIT_MODES, runOurs } from './support.ts';

const LSJIT = join(new URL('.', import.meta.url).pathname, '..', 'bin', 'lsjit.cjs');

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

test('deep recursion, plain and through metamethods, is a Lua error pcall catches, not a crash of lsjit', (t) => {
  // The error conversion once compiled a regular expression where the stack had just run out, which
  // itself failed ("Invalid regular expression: Maximum call stack size exceeded") and ended lsjit
  // with a JS stack trace. Through the command, whose stack depth is the one users get (in-process,
  // under the test runner, the old code happened to survive). The JIT runs the first recursion as a
  // function trace calling itself in JS, until JS's stack runs out; the second stops at lua5.4's 200
  // nested C calls ("C stack overflow"), where it once ran until JS's stack ran out.
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-limits-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'deep.lua');
  writeFileSync(
    file,
    'local function f(n) return 1 + f(n + 1) end\nprint(pcall(f, 1))\n' +
      'local t = setmetatable({}, { __index = function(t, k) return t[k .. "x"] end })\n' +
      'print(pcall(function() return t.a end))\nprint("after")\n',
  );
  for (const flags of [['--no-jit'], [], ['--hot', '1']]) {
    const r = spawnSync(process.execPath, [LSJIT, 'run', ...flags, file], {
      encoding: 'latin1',
      timeout: 60_000,
    });
    assert.equal(r.stderr, '', `${flags.join(' ')}: ${r.stderr.slice(0, 300)}`);
    assert.equal(
      r.stdout,
      'false\tdeep.lua:1: stack overflow\nfalse\tdeep.lua:3: C stack overflow\nafter\n'.replaceAll(
        'deep.lua',
        file,
      ),
    );
    assert.equal(r.status, 0);
  }
});
