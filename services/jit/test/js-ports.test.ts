// The hand-written JavaScript ports (bench/js/*.mjs) are the benchmark's "practical limit" peer: each must
// print exactly what lua5.4 prints for the same program and size, or its time means nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BENCH_DIR, listBenchmarks } from '../src/service/benchmarks.ts';
import { LUA, requireLua } from './support.ts';

function run(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args, { cwd: BENCH_DIR, timeout: 60_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

for (const b of listBenchmarks()) {
  test(`bench/js/${b.name}.mjs prints what lua5.4 prints (size ${b.smallSize})`, () => {
    requireLua();
    const port = join(BENCH_DIR, 'js', `${b.name}.mjs`);
    assert.ok(existsSync(port), `${port} is missing`);
    const want = run(LUA, [b.file, String(b.smallSize)]);
    const got = run(process.execPath, [port, String(b.smallSize)]);
    assert.equal(got.toString('latin1'), want.toString('latin1'));
  });
}
