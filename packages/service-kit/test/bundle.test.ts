import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBundle } from '../src/bundle.mjs';

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'kit-bundle-'));
  const src = join(dir, 'src');
  const cache = join(dir, 'cache');
  return { dir, src, cache };
}

async function load(url: URL): Promise<{ answer: number }> {
  return (await import(url.href)) as { answer: number };
}

test('a bundle is built once, reused while the sources are unchanged, rebuilt after an edit', async (t) => {
  const { dir, src, cache } = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(src);
  writeFileSync(
    join(src, 'entry.ts'),
    `import { two } from './two.ts';\nexport const answer: number = 40 + two;\n`,
  );
  writeFileSync(join(src, 'two.ts'), `export const two = 2 as const;\n`);
  const opts = { entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'entry' };

  const first = cachedBundle(opts)!;
  assert.equal(first.protocol, 'file:');
  assert.equal((await load(first)).answer, 42);
  assert.equal(cachedBundle(opts)!.href, first.href, 'same sources, same bundle');

  // same size and modification time, other content: the name must still change
  const { atime, mtime } = statSync(join(src, 'two.ts'));
  writeFileSync(join(src, 'two.ts'), `export const two = 3 as const;\n`);
  utimesSync(join(src, 'two.ts'), atime, mtime);
  const second = cachedBundle(opts)!;
  assert.notEqual(second.href, first.href, 'an edited source must never run a stale bundle');
  assert.equal((await load(second)).answer, 43);
  assert.deepEqual(
    readdirSync(cache).sort(),
    [fileURLToPath(first), fileURLToPath(second)].map((p) => p.split('/').pop()).sort(),
  );
});

test('bundles unused for an hour are removed when a new one is written; others and foreign files stay', async (t) => {
  const { dir, src, cache } = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(src);
  mkdirSync(cache);
  const old = join(cache, 'entry-0123456789abcdef01234567.mjs');
  const recent = join(cache, 'entry-fedcba9876543210fedcba98.mjs');
  const foreign = join(cache, 'other-0123456789abcdef01234567.mjs');
  for (const f of [old, recent, foreign]) writeFileSync(f, 'export {};\n');
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
  utimesSync(old, twoHoursAgo, twoHoursAgo);
  utimesSync(foreign, twoHoursAgo, twoHoursAgo);
  writeFileSync(join(src, 'entry.ts'), 'export const answer = 1;\n');
  const url = cachedBundle({ entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'entry' })!;
  const left = readdirSync(cache);
  assert.ok(!left.includes('entry-0123456789abcdef01234567.mjs'), 'the stale bundle is gone');
  assert.ok(
    left.includes('entry-fedcba9876543210fedcba98.mjs'),
    'a recent one may still be starting somewhere',
  );
  assert.ok(left.includes('other-0123456789abcdef01234567.mjs'), 'another name prefix is not ours');
  assert.ok(left.includes(fileURLToPath(url).split('/').pop()!));
});

test('a source that does not compile gives null (the caller falls back to tsx, which reports it)', async (t) => {
  const { dir, src, cache } = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(src);
  writeFileSync(join(src, 'entry.ts'), 'export const answer = ;\n');
  assert.equal(
    cachedBundle({ entry: join(src, 'entry.ts'), inputs: [src], cacheDir: cache, name: 'e' }),
    null,
  );
});

test('a cache directory that cannot be written still runs the bundle, from memory', async (t) => {
  const { dir, src } = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(src);
  writeFileSync(join(src, 'entry.ts'), 'export const answer: number = 7;\n');
  // a regular file where the directory should be: mkdir fails even for root
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, '');
  const url = cachedBundle({
    entry: join(src, 'entry.ts'),
    inputs: [src],
    cacheDir: join(blocked, 'c'),
    name: 'e',
  })!;
  assert.equal(url.protocol, 'data:');
  assert.equal((await load(url)).answer, 7);
});
