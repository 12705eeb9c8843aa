import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBundle } from '../src/bundle.mjs';

const codecachePath = createRequire(import.meta.url).resolve('../src/codecache.cjs');
const { loadWithCodeCache } = createRequire(import.meta.url)(codecachePath) as {
  loadWithCodeCache(
    file: string,
    warm?: (exports: Record<string, unknown>) => void,
  ): { exports: Record<string, unknown>; codeCache: string };
};

function dir(t: { after(f: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'kit-codecache-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A CommonJS module using what Node's loader gives one: require (relative), module, exports, this. */
function writeModule(d: string): string {
  writeFileSync(join(d, 'two.cjs'), 'module.exports = 2;\n');
  const file = join(d, 'entry.cjs');
  writeFileSync(
    file,
    [
      '#!/usr/bin/env node',
      "const two = require('./two.cjs');",
      "const { basename } = require('node:path');",
      'exports.answer = 40 + two;',
      'exports.where = [basename(__filename), __dirname];',
      'exports.thisIsExports = this === module.exports;',
      'exports.fail = () => { throw new Error("boom"); };',
      'exports.line = new Error().stack.split("\\n")[1].split(":").at(-2);',
      '',
    ].join('\n'),
  );
  return file;
}

/** Loads `file` in a fresh Node process (a new V8 isolate, as a CLI start is): what codeCache said. */
function loadInChild(file: string, nodeArgs: string[] = []): string {
  const r = spawnSync(
    process.execPath,
    [
      ...nodeArgs,
      '-e',
      `const r = require(${JSON.stringify(codecachePath)}).loadWithCodeCache(${JSON.stringify(file)});` +
        'process.stdout.write(r.codeCache + " " + r.exports.answer);',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('a file runs as a CommonJS module: relative require, __filename, __dirname, this', (t) => {
  const d = dir(t);
  const file = writeModule(d);
  const { exports } = loadWithCodeCache(file);
  assert.equal(exports['answer'], 42);
  assert.deepEqual(exports['where'], ['entry.cjs', d]);
  assert.equal(exports['thisIsExports'], true);
  assert.equal(exports['line'], '8', 'lines as in the file (a hashbang line stays a line)');
  // errors keep the file's name in their stack, as with require
  assert.throws(
    () => (exports['fail'] as () => void)(),
    (e: Error) => e.stack!.includes(`${file}:`),
  );
});

test('the first start writes the cache beside the file, later starts use it', (t) => {
  const d = dir(t);
  const file = writeModule(d);
  assert.equal(loadInChild(file), 'written 42');
  assert.ok(existsSync(`${file}.v8-code-cache`));
  assert.equal(loadInChild(file), 'used 42');
  assert.equal(loadInChild(file), 'used 42');
  assert.deepEqual(readdirSync(d).sort(), ['entry.cjs', 'entry.cjs.v8-code-cache', 'two.cjs']);
});

test('a cache V8 refuses (damaged, or made under other V8 flags) is made again; the module still runs', (t) => {
  const d = dir(t);
  const file = writeModule(d);
  writeFileSync(`${file}.v8-code-cache`, Buffer.alloc(4096, 7));
  assert.equal(loadInChild(file), 'written 42');
  assert.equal(loadInChild(file), 'used 42');
  // the JIT sets V8 flags while it runs: a cache is only taken under the flags it was made with
  assert.equal(loadInChild(file, ['--no-lazy-feedback-allocation']), 'written 42');
  assert.equal(loadInChild(file, ['--no-lazy-feedback-allocation']), 'used 42');
  assert.equal(loadInChild(file), 'written 42');
});

test('where no cache can be written the module runs all the same, leaving no partial file', (t) => {
  const d = dir(t);
  const file = writeModule(d);
  // a non-empty directory where the cache would go: neither read nor replaced by a rename
  mkdirSync(`${file}.v8-code-cache`);
  writeFileSync(join(`${file}.v8-code-cache`, 'x'), '');
  const r = loadWithCodeCache(file);
  assert.equal(r.codeCache, 'unwritable');
  assert.equal(r.exports['answer'], 42);
  assert.deepEqual(readdirSync(d).sort(), ['entry.cjs', 'entry.cjs.v8-code-cache', 'two.cjs']);
});

test('requireBundle runs a CommonJS bundle of a TypeScript entry through the code cache', (t) => {
  const d = dir(t);
  const src = join(d, 'src');
  mkdirSync(src);
  writeFileSync(
    join(src, 'entry.ts'),
    `import { two } from './two.ts';\nexport const main = (n: number): number => n + two;\n`,
  );
  writeFileSync(join(src, 'two.ts'), `export const two: number = 2;\n`);
  const opts = { entry: join(src, 'entry.ts'), inputs: [src], cacheDir: join(d, 'cache'), name: 'entry' };
  const first = requireBundle(opts)!;
  assert.equal((first['main'] as (n: number) => number)(40), 42);
  const [bundle] = readdirSync(join(d, 'cache')).filter((f) => f.startsWith('entry-'));
  assert.deepEqual(readdirSync(join(d, 'cache', bundle!)).sort(), ['entry.cjs', 'entry.cjs.v8-code-cache']);
  assert.equal(loadInChild(join(d, 'cache', bundle!, 'entry.cjs')), 'used undefined');
});

test('a warm-up runs before a cache is made, and what it compiled goes into the cache', (t) => {
  const d = dir(t);
  // a function of many statements, compiled (lazily) only when called
  const body = Array.from({ length: 400 }, (_, i) => `  s += ${i} * n;`).join('\n');
  const source = `exports.lazy = (n) => {\n  let s = 0;\n${body}\n  return s;\n};\n`;
  writeFileSync(join(d, 'cold.cjs'), source);
  writeFileSync(join(d, 'warm.cjs'), source);
  const calls: number[] = [];
  assert.equal(loadWithCodeCache(join(d, 'cold.cjs')).codeCache, 'written');
  const r = loadWithCodeCache(join(d, 'warm.cjs'), (m) =>
    calls.push((m['lazy'] as (n: number) => number)(1)),
  );
  assert.equal(r.codeCache, 'written');
  assert.deepEqual(calls, [79800]);
  const cold = statSync(join(d, 'cold.cjs.v8-code-cache')).size;
  const warmed = statSync(join(d, 'warm.cjs.v8-code-cache')).size;
  assert.ok(warmed > cold + 1000, `cache with the warm-up ${warmed} bytes, without ${cold}`);
});

test('no warm-up when the cache is used; a warm-up that throws leaves the module loaded and cached', (t) => {
  const d = dir(t);
  const file = writeModule(d);
  const r = loadWithCodeCache(file, () => {
    throw new Error('warm-up failed');
  });
  assert.equal(r.codeCache, 'written');
  assert.equal(r.exports['answer'], 42);
  // a fresh process, as a second CLI start: the cache is taken and the warm-up not run
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const r = require(${JSON.stringify(codecachePath)}).loadWithCodeCache(${JSON.stringify(file)}, () => process.stdout.write('warm-up ran; '));` +
        'process.stdout.write(r.codeCache);',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'used');
});
