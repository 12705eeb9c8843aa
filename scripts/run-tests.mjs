#!/usr/bin/env node
// Runs every *.test.ts under services/*/test, packages/*/test and test/ with node's own test runner (through tsx).
// Files run one at a time: several start servers and databases, and the machine has two cores.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const roots = [
  join(root, 'test'),
  ...['services', 'packages'].flatMap((top) =>
    readdirSync(join(root, top)).map((s) => join(root, top, s, 'test')),
  ),
];

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = roots.flatMap((d) => collect(d, [])).sort();
if (filter.length) files = files.filter((f) => filter.some((p) => relative(root, f).includes(p)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
