// Lexer and parser errors name the line and the offending token exactly as lua5.4 does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LuaError, Op, parse, load } from '../src/index.ts';
import { differential, runReference } from './support.ts';

function syntaxError(src: string): string {
  try {
    load(src, 'x.lua');
  } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
  return '(no error)';
}

const CASES: [string, string][] = [
  ['x = = 1', "x.lua:1: unexpected symbol near '='"],
  ['local a = 1 +\n\n+ 2', "x.lua:3: unexpected symbol near '+'"],
  ['x = "abc', 'x.lua:1: unfinished string near <eof>'],
  ['x = "abc\ny"', `x.lua:1: unfinished string near '"abc'`],
  ['goto foo', "x.lua:1: no visible label 'foo' for <goto> at line 1"],
  [
    'do goto l; local x = 1; ::l:: print(x) end',
    "x.lua:1: <goto l> at line 1 jumps into the scope of local 'x'",
  ],
  ['for i=1,2 do end end', "x.lua:1: <eof> expected near 'end'"],
  ['f(', 'x.lua:1: unexpected symbol near <eof>'],
  ['x = 3 @ 4', "x.lua:1: unexpected symbol near '@'"],
  ['x = 3x4', "x.lua:1: malformed number near '3x'"],
  ['if x then', "x.lua:1: 'end' expected near <eof>"],
  ['if x then\n\nelse', "x.lua:3: 'end' expected (to close 'if' at line 1) near <eof>"],
  ['function f(a,) end', "x.lua:1: <name> or '...' expected near ')'"],
  ['local x <foo> = 1', "x.lua:1: unknown attribute 'foo'"],
  ['local x <const> = 1; x = 2', "x.lua:1: attempt to assign to const variable 'x'"],
  ['::a:: ::a::', "x.lua:1: label 'a' already defined on line 1"],
  ['x = "\\q"', `x.lua:1: invalid escape sequence near '"\\q'`],
  ['x = [==[ abc', 'x.lua:1: unfinished long string (starting at line 1) near <eof>'],
  ['print("a" "b")', `x.lua:1: ')' expected near '"b"'`],
  ['for i in 1 do', "x.lua:1: 'end' expected near <eof>"],
  ['for i do end', "x.lua:1: '=' or 'in' expected near 'do'"],
];

for (const [src, want] of CASES) {
  test(`syntax error: ${JSON.stringify(src)}`, () => {
    assert.equal(syntaxError(src), want);
  });
}

test('parser keeps line numbers on nodes', () => {
  const ast = parse('local a = 1\n\nprint(a +\n 2)', 'x.lua');
  assert.equal(ast.body.stats.length, 2);
  const call = ast.body.stats[1] as any;
  assert.equal(call.line, 3);
  assert.equal(call.call.args[0].line, 3);
});

test('opcode numbering matches the literal case labels of the dispatch loop', () => {
  const pinned: [Op, number][] = [
    [Op.MOVE, 0],
    [Op.LOADK, 1],
    [Op.GETTABLE, 8],
    [Op.SETTABLE, 9],
    [Op.ADD, 12],
    [Op.SHR, 23],
    [Op.UNM, 24],
    [Op.CONCAT, 28],
    [Op.JMP, 29],
    [Op.JMPBACK, 30],
    [Op.EQ, 31],
    [Op.TESTSET, 35],
    [Op.CALL, 36],
    [Op.RETURN, 38],
    [Op.FORPREP, 39],
    [Op.FORLOOP, 40],
    [Op.TFORCALL, 41],
    [Op.TFORLOOP, 42],
    [Op.SETLIST, 43],
    [Op.CLOSURE, 44],
    [Op.VARARG, 45],
    [Op.CLOSE, 46],
  ];
  for (const [op, n] of pinned) assert.equal(op, n);
});

test('more than 200 local variables in scope in one function: the error lua5.4 gives, or none', (t) => {
  const names = (n: number, p = 'v'): string[] => Array.from({ length: n }, (_, j) => `${p}${j}`);
  const lines = (n: number): string =>
    names(n)
      .map((v, j) => `local ${v} = ${j}\n`)
      .join('');
  const sources: Record<string, string> = {
    main: lines(201) + 'print(v200)\n',
    oneStatement: `local ${names(205).join(', ')} = 1\n`,
    inFunction: `local x = 1\nlocal function f()\n${lines(201)}end\n`,
    params: `function f(${names(201, 'p').join(', ')}) end\n`,
    // locals leave scope with their block: 150 + 150 is fine
    blocks: `do\n${lines(150)}end\n${lines(150)}print(v149)\n`,
    // a numeric for adds three hidden locals, a generic one four, to its variables
    numFor200: lines(196) + 'for i = 1, 2 do end\nprint("ok")\n',
    numFor201: lines(197) + 'for i = 1, 2 do end\n',
    genFor: lines(195) + 'for k, v in pairs({}) do end\n',
    genFor200: lines(194) + 'for k, v in pairs({}) do end\nprint("ok")\n',
    method: `local t = {}\nfunction t:m(${names(200, 'p').join(', ')}) end\n`,
  };
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-locals-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, src] of Object.entries(sources)) {
    writeFileSync(join(dir, `${name}.lua`), src);
    differential(dir, `${name}.lua`);
  }
});

test('syntax nested past lua5.4 parser levels: "C stack overflow" at the same depth, not before', (t) => {
  // lua5.4 counts nested statements and subexpressions (with lua.c's own call) up to 200; each
  // program at the deepest nesting it accepts and one level deeper
  const shapes: Record<string, (n: number) => string> = {
    parens: (n) => `local x = ${'('.repeat(n)}1${')'.repeat(n)}\nprint(x)\n`,
    tables: (n) => `local x = ${'{'.repeat(n)}${'}'.repeat(n)}\nprint(type(x))\n`,
    ifs: (n) => `${'if true then\n'.repeat(n)}print(1)\n${'end\n'.repeat(n)}`,
    functions: (n) => `local x = ${'function() return '.repeat(n)}1${' end'.repeat(n)}\nprint(type(x))\n`,
    concat: (n) => `local a = "a"\nlocal x = ${Array(n).fill('a').join(' .. ')}\nprint(#x)\n`,
    unary: (n) => `local x = ${'- '.repeat(n)}1\nprint(x)\n`,
    calls: (n) => `local f = function(x) return x end\nprint(${'f('.repeat(n)}1${')'.repeat(n)})\n`,
  };
  const deepest: Record<string, number> = {
    parens: 196,
    tables: 197,
    ifs: 196,
    functions: 98,
    concat: 197,
    unary: 196,
    calls: 196,
  };
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-levels-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, make] of Object.entries(shapes)) {
    for (const n of [deepest[name]!, deepest[name]! + 1]) {
      const file = `${name}_${n}.lua`;
      writeFileSync(join(dir, file), make(n));
      differential(dir, file);
      assert.equal(
        runReference(dir, file).stderr1 === '',
        n === deepest[name],
        `${file}: lua5.4's deepest accepted is ${deepest[name]}`,
      );
    }
  }
});
