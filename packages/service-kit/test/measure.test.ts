import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geomean, hasGnuTime, measure, median } from '../src/measure.ts';

const node = process.execPath;

test('GNU time is installed (the benchmarks read CPU time and peak RSS from it)', () => {
  assert.equal(hasGnuTime(), true, '/usr/bin/time is missing: apt-get install time');
});

test('measure returns the exact stdout bytes, the exit code, the environment it was given, and rusage', async () => {
  const script = `process.stdout.write(Buffer.from([0, 255, 10])); process.stdout.write(process.env.KIT_X); const a = new Array(4e6).fill(1); process.exit(a.length === 4e6 ? 3 : 0)`;
  const m = await measure([node, '-e', script], {
    timeoutMs: 20_000,
    useGnuTime: true,
    env: { KIT_X: 'xyz' },
  });
  assert.equal(m.code, 3);
  assert.equal(m.timedOut, false);
  assert.deepEqual([...m.stdout], [0, 255, 10, ...Buffer.from('xyz')]);
  assert.ok(m.wallMs > 0);
  assert.ok(m.cpuMs > 0, `cpu ${m.cpuMs}`);
  // the 32 MB array is in the child's peak, not ours
  assert.ok(m.peakRssKiB > 32 * 1024, `peak ${m.peakRssKiB} KiB`);
});

test('a timeout kills the whole process group, GNU time and the program under it', async () => {
  const t0 = performance.now();
  const m = await measure([node, '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 500, useGnuTime: true });
  assert.equal(m.timedOut, true);
  assert.equal(m.code, null);
  assert.ok(performance.now() - t0 < 15_000);
});

test('without GNU time, CPU and RSS are NaN rather than made up', async () => {
  const m = await measure([node, '-e', 'console.error("oops"); process.exit(1)'], {
    timeoutMs: 20_000,
    useGnuTime: false,
  });
  assert.equal(m.code, 1);
  assert.match(m.stderr, /oops/);
  assert.ok(Number.isNaN(m.cpuMs) && Number.isNaN(m.peakRssKiB));
});

test('median and geomean skip what cannot be averaged', () => {
  assert.equal(median([3, NaN, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([NaN])));
  assert.equal(geomean([1, 4, NaN, 0, -2, Infinity]), 2);
  assert.ok(Number.isNaN(geomean([])));
});
