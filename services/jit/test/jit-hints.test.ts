// yk-style JIT hints (`--@promote`, `--@pure`): they are comments to lua5.4, so every program must
// print what lua5.4 prints in every JIT mode; the statistics and a deliberately broken promise show
// that the hints were really used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, runSource } from '../src/index.ts';
import { differential } from './support.ts';

const corpus = join(new URL('.', import.meta.url).pathname, 'corpus');
const scratch = mkdtempSync(join(tmpdir(), 'lsjit-hints-'));

/** Marks every one-line `local` statement (not `local function`) of a program `--@promote`. */
function promoteAll(source: string): string {
  return source
    .split('\n')
    .map((l) =>
      /^\s*local\s+(?!function)/.test(l) && !l.includes('--') && !l.includes('[[') ? `${l} --@promote` : l,
    )
    .join('\n');
}

function run(
  source: string,
  hints: boolean,
  jit = true,
): { out: string; hintsApplied: number; dump: string } {
  const out: string[] = [];
  const dumps: string[] = [];
  const r = runSource(source, {
    chunkname: 'hints.lua',
    write: (s) => out.push(s),
    jit,
    hints,
    dumpTrace: (d) => dumps.push(d),
  });
  assert.equal(r.status, 0, r.error);
  return { out: out.join(''), hintsApplied: r.stats.hintsApplied, dump: dumps.join('') };
}

test('the parser attaches hints to the statement on their line or the next, and only there', () => {
  const chunk = parse(
    [
      '--@pure',
      'local function f(x) return x end',
      'local g = function() end --@pure',
      '--@promote',
      'local a, b = 1, 2',
      'local c = 3',
      'x = 4 --@promote',
      '---@pure',
      'local function h() end',
      '--@pure',
      '',
      'local function k() end',
      'local p, q = 1, 2 --@promote q, not_here',
      '--@pure',
      'function M.m(kind, n) end --@promote kind',
    ].join('\n'),
    't.lua',
  );
  const [f, g, ab, c, , h, k, pq, m] = chunk.body.stats as Record<string, unknown>[];
  assert.equal((f!['func'] as { pure?: boolean }).pure, true);
  assert.equal(((g!['exprs'] as unknown[])[0] as { pure?: boolean }).pure, true);
  assert.deepEqual(ab!['promote'], [], 'no names: every local of the statement');
  assert.equal(c!['promote'], undefined, 'a hint belongs to one statement');
  assert.deepEqual(pq!['promote'], ['q', 'not_here']);
  const mfn = (m!['exprs'] as Record<string, unknown>[])[0]!;
  assert.equal(mfn['pure'], true, 'two hints for one function, from the line above and its own');
  assert.deepEqual(mfn['promote'], ['kind'], "a function's promoted parameters");
  assert.equal((h!['func'] as { pure?: boolean }).pure, undefined, "---@ is another tool's annotation");
  assert.equal((k!['func'] as { pure?: boolean }).pure, undefined, 'a blank line ends the hint');
  const off = parse('--@pure\nlocal function f() end', 't.lua', false);
  assert.equal(
    ((off.body.stats[0] as Record<string, unknown>)['func'] as { pure?: boolean }).pure,
    undefined,
  );
});

test('promoted locals of every type, changing values and nested loops print what lua5.4 prints', () => {
  const s = differential(corpus, 'jit_hint_promote.lua');
  assert.ok(s.on.hintsApplied >= 10, `promote guards made: ${s.on.hintsApplied}`);
  assert.ok(s.forced.hintsApplied >= 10, `promote guards made (forced): ${s.forced.hintsApplied}`);
  assert.ok(s.on.sideExits >= 1, 'a changed value leaves by the promote guard');
});

test('pure calls with constant arguments fold; errors, table results and varying arguments do not', () => {
  const s = differential(corpus, 'jit_hint_pure.lua');
  assert.ok(s.on.hintsApplied >= 5, `pure calls folded: ${s.on.hintsApplied}`);
  assert.ok(s.forced.hintsApplied >= 5, `pure calls folded (forced): ${s.forced.hintsApplied}`);
});

test('a folded pure call runs once per recording: the JIT trusts the hint', () => {
  // `bump` is not pure; marking it so shows that the traced loop no longer calls it.
  const source = [
    'calls = 0',
    '--@pure',
    'local function bump(x) calls = calls + 1 return x * 2 end',
    'local s = 0',
    'for i = 1, 1000 do s = s + bump(21) end',
    'print(s, calls)',
  ].join('\n');
  const interp = run(source, true, false);
  assert.equal(interp.out, '42000\t1000\n', 'the interpreter ignores hints');
  const plain = run(source, false);
  assert.equal(plain.out, '42000\t1000\n');
  assert.equal(plain.hintsApplied, 0);
  const hinted = run(source, true);
  const [sum, calls] = hinted.out.trim().split('\t').map(Number);
  assert.equal(sum, 42000, "the folded result is the call's");
  assert.ok(calls! < 100, `the trace made no calls: ${calls} of 1000`);
  assert.equal(hinted.hintsApplied, 1);
});

test('a promoted local no path writes is checked once, at the trace entry', () => {
  const source = [
    'local mode = arg and "sum" or "max" --@promote',
    'local acc = 0',
    'for i = 1, 500 do',
    '  if mode == "sum" then acc = acc + i elseif mode == "max" then acc = math.max(acc, i) end',
    'end',
    'print(acc)',
  ].join('\n');
  const plain = run(source, false);
  const hinted = run(source, true);
  assert.equal(hinted.out, plain.out);
  const loop = (d: string): string => d.slice(d.indexOf('loop: for'));
  assert.match(loop(plain.dump), /"sum"/, 'without the hint the loop compares every time');
  assert.doesNotMatch(loop(hinted.dump), /"sum"/, 'with it the comparison is gone from the loop');
  // In the prologue, before the loop (the for loop's counter check may follow it).
  assert.match(
    hinted.dump,
    /if \(\w+ !== "sum"\) \{ K\[\d+\]\.misses = [^}]*return -1; \}\n(?:[^\n]*\n)*?loop: for/,
  );
});

test('every local of the JIT corpus promoted: each program still prints what lua5.4 prints', () => {
  let applied = 0;
  for (const file of readdirSync(corpus).filter((f) => f.startsWith('jit_') && f.endsWith('.lua'))) {
    writeFileSync(join(scratch, file), promoteAll(readFileSync(join(corpus, file), 'latin1')), 'latin1');
    const s = differential(scratch, file);
    applied += s.on.hintsApplied + s.forced.hintsApplied;
  }
  assert.ok(applied >= 100, `promote guards made: ${applied}`);
});

test('a promoted local whose value keeps changing stops being promoted after a few failed guards', () => {
  // Misused hints: a callee's local that differs on every call, a loop's local that differs on every run.
  const perCall = [
    'local function f(x)',
    '  local m = x --@promote',
    '  return m * 2',
    'end',
    'local s = 0',
    'for i = 1, 200000 do s = s + f(i) end',
    'print(s)',
  ].join('\n');
  const perRun = [
    'local function run(mode, n)',
    '  local m = mode --@promote',
    '  local s = 0',
    '  for i = 1, n do if m == "a" then s = s + i else s = s - i * 2 end end',
    '  return s',
    'end',
    'local t = 0',
    'for k = 1, 3000 do t = t + run(k % 2 == 0 and "a" or "b", 200) end',
    'print(t)',
  ].join('\n');
  for (const source of [perCall, perRun]) {
    const outs: string[] = [];
    const r = runSource(source, { chunkname: 'misses.lua', write: (x) => outs.push(x) });
    assert.equal(r.status, 0);
    assert.equal(outs.join(''), run(source, false).out, 'the same output as without hints');
    assert.ok(r.stats.hintsApplied >= 1, 'the local was promoted at first');
    assert.ok(r.stats.sideExits < 1000, `side exits: ${r.stats.sideExits}`);
    assert.equal(r.stats.blacklisted, 0);
  }
});
