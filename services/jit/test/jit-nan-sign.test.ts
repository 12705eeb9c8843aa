// NaNs keep lua5.4's sign through traces. Whether V8 loses one depends on how far it has optimised
// the recorder's own code, which an in-process run shares with every program before it: these run
// each program in a fresh lsjit process, at thresholds that trace its loops at different moments
// (both failed at --hot 2 before the recorder stopped folding NaNs and boxing them in new arrays).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requireLua, runReference } from './support.ts';

const root = join(new URL('.', import.meta.url).pathname, '..');
const lsjit = join(root, 'bin', 'lsjit.cjs');
const corpus = join(root, 'test', 'corpus');

for (const file of ['jit_nan_from_constants.lua', 'jit_nan_native_results.lua']) {
  test(`${file} prints lua5.4's NaN signs at every trace threshold`, () => {
    requireLua();
    const want = runReference(corpus, file);
    assert.equal(want.status, 0);
    assert.match(want.stdout, /-nan/, 'the program makes negative NaNs');
    for (const hot of ['1', '2', '3', '4']) {
      const r = spawnSync(process.execPath, [lsjit, 'run', file, '--hot', hot], {
        cwd: corpus,
        encoding: 'latin1',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, want.stdout, `stdout differs at --hot ${hot}`);
    }
  });
}
