// The WebAssembly row loop (csv/wasm-rows.ts) against the JS row loop alone (LIGHTSWITCH_CSV_WASM=0): the
// same rows, bit for bit, and the same errors, on data full of what the module must hand back to JS
// (quoted fields, doubled quotes, newlines in quotes, nulls, exponents, long mantissas, dates it does not
// check, year 0, blank lines, CRLF, a last row without a newline), in each mode the loop has: columns,
// a group-by folded into the loop, and a compiled filter + cumSum stage. In-process (workers: 0), so the
// switch applies to every chunk.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { col, len, scanCsv, type LazyFrame } from '../src/index.ts';
import { wasmRows } from '../src/csv/wasm-rows.ts';
import { DATE, FLOAT, INT, type ChunkContext } from '../src/csv/fields.ts';
import { rng, tmpDir } from './support/engine-fixtures.ts';

const T = { timeout: 60_000 };
const dir = tmpDir();
const saved = process.env.LIGHTSWITCH_CSV_WASM;
after(() => {
  if (saved === undefined) delete process.env.LIGHTSWITCH_CSV_WASM;
  else process.env.LIGHTSWITCH_CSV_WASM = saved;
});

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function dateField(r: () => number): string {
  const y = String(1 + Math.floor(r() * 9998)).padStart(4, '0');
  const m = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const d = String(1 + Math.floor(r() * 28)).padStart(2, '0');
  // the plain case most of the time; the rest: dates the module leaves to JS (leap days, year 0, quoted,
  // null) or checks itself (day 31 and February 29, valid or not, are the JS loop's general path)
  return pick(r, [
    `${y}-${m}-${d}`,
    `${y}-${m}-${d}`,
    `${y}-${m}-${d}`,
    '2024-02-29',
    '2000-02-29',
    '2023-12-31',
    '0000-03-01',
    '0001-01-01',
    '9999-12-31',
    '1970-01-01',
    `"${y}-${m}-${d}"`,
    '',
  ]);
}

function intField(r: () => number): string {
  return pick(r, [
    String(Math.floor(r() * 1000)),
    String(Math.floor(r() * 1000)),
    String(-Math.floor(r() * 100)),
    '-0',
    '0',
    '',
    '"42"',
    '123456789012345',
    '1234567890123456',
    '9007199254740993',
    '-9223372036854775807',
  ]);
}

function floatField(r: () => number): string {
  const v = (r() * 2000 - 1000).toFixed(Math.floor(r() * 4));
  return pick(r, [
    v,
    v,
    v,
    '5.',
    '.5',
    '-0.0',
    '1e3',
    '-2.5E-2',
    '',
    '"7.25"',
    '0.123456789012345',
    '0.1234567890123456',
    '123456789.1234567',
    '3',
  ]);
}

function textField(r: () => number): string {
  return pick(r, [
    'plain',
    'café crème',
    '"Widget, large"',
    '"6"" ruler"',
    '"multi\nline"',
    '"a\r\nb"',
    '',
    'x',
    '""',
  ]);
}

/** A file: header date,store,amount,product; rows in random line endings, some blank lines, maybe no final newline. */
function file(name: string, rows: number, seed: number): string {
  const r = rng(seed);
  const parts = ['date,store,amount,product\n'];
  for (let i = 0; i < rows; i++) {
    parts.push(`${dateField(r)},${intField(r)},${floatField(r)},${textField(r)}`);
    parts.push(pick(r, ['\n', '\n', '\n', '\r\n', '\n\n']));
  }
  let text = parts.join('');
  if (seed % 2 === 1) text = text.replace(/\r?\n+$/, '');
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const schema = { date: 'date', store: 'int64', amount: 'float64', product: 'utf8' } as const;

async function both(q: () => LazyFrame, fuse = true): Promise<[unknown[], unknown[]]> {
  const run = async (wasm: string) => {
    process.env.LIGHTSWITCH_CSV_WASM = wasm;
    return (await q().collect({ workers: 0, morselRows: 64, fuse })).toRows();
  };
  return [await run('1'), await run('0')];
}

describe('csv: the WebAssembly row loop gives what the JS loop gives', () => {
  it('is the loop for a shape of number and ISO date columns (so these tests compare two loops)', () => {
    const ctx = (kinds: number[]) =>
      ({
        spec: { fieldCount: 4, delimiter: 44, quote: 34, names: [], columns: kinds.map(() => ({})) },
        slot: new Int32Array([0, 1, -1, -1].map((j) => (j < kinds.length ? j : -1))),
        kinds: new Int32Array(kinds),
      }) as unknown as ChunkContext;
    process.env.LIGHTSWITCH_CSV_WASM = '1';
    assert.ok(wasmRows(ctx([DATE, INT])));
    assert.ok(wasmRows(ctx([INT, FLOAT])));
    // text columns stay with the JS loop
    assert.equal(wasmRows(ctx([INT, 4])), null);
    process.env.LIGHTSWITCH_CSV_WASM = '0';
    assert.equal(wasmRows(ctx([INT, FLOAT])), null);
  });

  for (const seed of [1, 2, 3, 4]) {
    const path = file(`mixed-${seed}.csv`, 3000, seed);

    it(`columns, bit for bit (seed ${seed})`, T, async () => {
      const [w, j] = await both(
        () => scanCsv(path, { schema }).select(col('date'), col('store'), col('amount')),
        false,
      );
      assert.ok(w.length > 2500);
      assert.deepStrictEqual(w, j);
    });

    it(`a group-by folded into the loop (seed ${seed})`, T, async () => {
      const [w, j] = await both(() =>
        scanCsv(path, { schema })
          .groupBy('store')
          .agg(
            col('amount').sum().alias('s'),
            col('amount').min().alias('lo'),
            col('amount').max().alias('hi'),
            col('amount').count().alias('n'),
            len().alias('rows'),
          ),
      );
      assert.ok(w.length > 100);
      assert.deepStrictEqual(w, j);
    });

    it(`a compiled filter and running total (seed ${seed})`, T, async () => {
      const [w, j] = await both(() =>
        scanCsv(path, { schema })
          .withColumns(col('amount').cumSum().alias('cum'))
          .filter(col('date').dt.weekday().eq(1).or(col('amount').gt(500)))
          .select(col('date'), col('amount'), col('cum')),
      );
      assert.ok(w.length > 100);
      assert.deepStrictEqual(w, j);
    });
  }

  const bad: [string, string][] = [
    ['a day past the month', 'date,store,amount,product\n2023-01-01,1,2.5,x\n2023-02-30,2,1,y\n'],
    ['a month 13', 'date,store,amount,product\n2023-13-01,1,2.5,x\n'],
    ['February 29 of a century year', 'date,store,amount,product\n1900-02-29,1,2.5,x\n'],
    ['February 29 of a common year', 'date,store,amount,product\n2023-02-29,1,2.5,x\n'],
    ['too few fields', 'date,store,amount,product\n2023-01-01,1,2.5,x\n2023-01-02,1,2.5\n'],
    ['too many fields', 'date,store,amount,product\n2023-01-01,1,2.5,x,extra\n'],
    ['text in a number', 'date,store,amount,product\n2023-01-01,1,2.5,x\n2023-01-01,1,2.5x,y\n'],
    ['an unterminated quote', 'date,store,amount,product\n2023-01-01,1,2.5,"open\n'],
    ['bytes after a closing quote', 'date,store,amount,product\n2023-01-01,1,2.5,"q"z\n'],
  ];
  for (const [what, text] of bad)
    it(`reports ${what} as the JS loop does`, T, async () => {
      const p = join(dir, `bad-${what.replace(/\W+/g, '-')}.csv`);
      writeFileSync(p, text);
      const message = async (wasm: string) => {
        process.env.LIGHTSWITCH_CSV_WASM = wasm;
        try {
          await scanCsv(p, { schema })
            .select(col('date'), col('store'), col('amount'))
            .collect({ workers: 0 });
        } catch (err) {
          return (err as Error).message;
        }
        return 'no error';
      };
      const w = await message('1');
      assert.notEqual(w, 'no error');
      assert.equal(w, await message('0'));
    });
});
