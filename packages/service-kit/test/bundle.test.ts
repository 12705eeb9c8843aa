import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBundle } from '../src/bundle.mjs';

function project(t: { after(f: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'kit-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, 'src');
  mkdirSync(src);
  return { dir, src, cache: join(dir, 'cache') };
}

const bundleDir = (url: URL) => basename(dirname(fileURLToPath(url)));

async function load<T>(url: URL): Promise<T> {
  return (await import(url.href)) as T;
}

test('a bundle is built once, reused while the sources are unchanged, rebuilt after any edit', async (t) => {
  const { src, cache } = project(t);
  writeFileSync(
    join(src, 'entry.ts'),
    `import { two } from './two.ts';\nexport const answer: number = 40 + two;\n`,
  );
  writeFileSync(join(src, 'two.ts'), `export const two = 2 as const;\n`);
  // a clock that never lets the inputs count as old: no stat key is recorded (see the stat key tests)
  const opts = { entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'entry', now: () => 0 };

  const first = cachedBundle(opts)!;
  assert.equal(first.protocol, 'file:');
  assert.equal((await load<{ answer: number }>(first)).answer, 42);
  assert.equal(cachedBundle(opts)!.href, first.href, 'same sources, same bundle');

  // same size and modification time, other content: the name must still change
  const { atime, mtime } = statSync(join(src, 'two.ts'));
  writeFileSync(join(src, 'two.ts'), `export const two = 3 as const;\n`);
  utimesSync(join(src, 'two.ts'), atime, mtime);
  const second = cachedBundle(opts)!;
  assert.notEqual(second.href, first.href, 'an edited source must never run a stale bundle');
  assert.equal((await load<{ answer: number }>(second)).answer, 43);
  assert.deepEqual(readdirSync(cache).sort(), [bundleDir(first), bundleDir(second)].sort());
});

test('inputs unchanged for a while are found by their stat key; any write to one gives another bundle', async (t) => {
  const { src, cache } = project(t);
  writeFileSync(
    join(src, 'entry.ts'),
    `import { two } from './two.ts';\nexport const answer: number = 40 + two;\n`,
  );
  writeFileSync(join(src, 'two.ts'), `export const two = 2;\n`);
  const later = () => Date.now() + 60_000;
  const opts = { entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'entry', now: later };
  const first = cachedBundle(opts)!;
  const keys = () => readdirSync(cache).filter((f) => f.startsWith('entry.stat-'));
  assert.equal(keys().length, 1, 'old enough inputs record their stat key');
  assert.equal(cachedBundle(opts)!.href, first.href, 'found again');

  // the stat key names the bundle: without the bundle, the content hash builds it again
  rmSync(dirname(fileURLToPath(first)), { recursive: true });
  assert.equal(cachedBundle(opts)!.href, first.href);
  assert.equal((await load<{ answer: number }>(first)).answer, 42);

  writeFileSync(join(src, 'two.ts'), `export const two = 30;\n`);
  const second = cachedBundle(opts)!;
  assert.notEqual(second.href, first.href, 'an edited source must never run a stale bundle');
  assert.equal((await load<{ answer: number }>(second)).answer, 70);
  assert.equal(keys().length, 2);
});

test('inputs written within the last seconds record no stat key (file times come from a coarse clock)', (t) => {
  const { src, cache } = project(t);
  writeFileSync(join(src, 'entry.ts'), 'export const answer = 1;\n');
  const url = cachedBundle({ entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'entry' })!;
  assert.deepEqual(readdirSync(cache), [bundleDir(url)]);
});

test("format 'cjs' gives one CommonJS file for a launcher to require", (t) => {
  const { src, cache } = project(t);
  writeFileSync(
    join(src, 'entry.ts'),
    `import { two } from './two.ts';\nmodule.exports.answer = 40 + two;\n`,
  );
  writeFileSync(join(src, 'two.ts'), `export const two: number = 2;\n`);
  const opts = { entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'entry' };
  const url = cachedBundle({ ...opts, format: 'cjs' })!;
  assert.match(url.pathname, /\/entry-[0-9a-f]+\/entry\.cjs$/);
  const required = createRequire(import.meta.url)(fileURLToPath(url)) as { answer: number };
  assert.equal(required.answer, 42);
  assert.notEqual(cachedBundle(opts)!.href, url.href, 'the ESM bundle of the same sources is another');
});

test('what the sources import dynamically stays a separate chunk, loaded only when imported', async (t) => {
  const { src, cache } = project(t);
  writeFileSync(join(src, 'entry.ts'), `export const heavy = () => import('./heavy.ts');\n`);
  writeFileSync(join(src, 'heavy.ts'), `(globalThis as any).kitHeavyLoaded = true;\nexport const n = 7;\n`);
  const url = cachedBundle({ entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'lazy' })!;
  const m = await load<{ heavy: () => Promise<{ n: number }> }>(url);
  assert.equal((globalThis as { kitHeavyLoaded?: boolean }).kitHeavyLoaded, undefined);
  assert.equal((await m.heavy()).n, 7);
  assert.equal((globalThis as { kitHeavyLoaded?: boolean }).kitHeavyLoaded, true);
  assert.ok(readdirSync(dirname(fileURLToPath(url))).length >= 2, 'the entry and a chunk');
});

test('bundles unused for an hour are removed when a new one is written; others and foreign ones stay', async (t) => {
  const { src, cache } = project(t);
  const dirs = [
    'entry-0123456789abcdef01234567',
    'entry-fedcba9876543210fedcba98',
    'other-0123456789abcdef01234567',
  ];
  for (const d of dirs) {
    mkdirSync(join(cache, d), { recursive: true });
    writeFileSync(join(cache, d, 'entry.mjs'), 'export {};\n');
  }
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
  utimesSync(join(cache, dirs[0]!), twoHoursAgo, twoHoursAgo);
  utimesSync(join(cache, dirs[2]!), twoHoursAgo, twoHoursAgo);
  writeFileSync(join(src, 'entry.ts'), 'export const answer = 1;\n');
  const url = cachedBundle({ entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'entry' })!;
  const left = readdirSync(cache);
  assert.ok(!left.includes(dirs[0]!), 'the stale bundle is gone');
  assert.ok(left.includes(dirs[1]!), 'a recent one may still be starting somewhere');
  assert.ok(left.includes(dirs[2]!), 'another name is not ours');
  assert.ok(left.includes(bundleDir(url)));
});

test('a source that does not compile gives null (the caller falls back to tsx, which reports it)', (t) => {
  const { src, cache } = project(t);
  writeFileSync(join(src, 'entry.ts'), 'export const answer = ;\n');
  assert.equal(
    cachedBundle({ entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'e' }),
    null,
  );
});

test('an unwritable cache directory: a one-file bundle runs from memory, unless the caller says not to', async (t) => {
  const { dir, src } = project(t);
  writeFileSync(join(src, 'entry.ts'), 'export const answer: number = 7;\n');
  // a regular file where the directory should be: mkdir fails even for root
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, '');
  const opts = { entry: join(src, 'entry.ts'), inputs: [src], cacheDir: join(blocked, 'c'), name: 'e' };
  const url = cachedBundle(opts)!;
  assert.equal(url.protocol, 'data:');
  assert.equal((await load<{ answer: number }>(url)).answer, 7);
  assert.equal(cachedBundle({ ...opts, memoryFallback: false }), null);
});
