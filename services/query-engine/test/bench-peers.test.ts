// The benchmark runs every peer as plain JavaScript (bench/peer-programs.ts). The engine's peer is the
// heaviest bundle: its worker threads must still find their own code from the bundle's place, and its
// answer must be the engine's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { col, len, scanCsv } from '../src/index.ts';
import { writeSalesCsv } from '../src/gen/index.ts';
import { SALES_SCHEMA } from '../src/gen/sales.ts';
import { peerProgram } from '../bench/peer-programs.ts';

const peers = fileURLToPath(new URL('../bench/peers/', import.meta.url));

function run(program: string, csv: string, query: string): { answer: unknown; queryMs: number } {
  const out = execFileSync(process.execPath, [program, csv, query], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('benchmark peers as plain JavaScript', () => {
  const csv = join(mkdtempSync(join(tmpdir(), 'ls-peers-')), 'sales.csv');
  writeSalesCsv(csv, { rows: 20_000, seed: 7 });

  it('the engine peer, bundled, answers Q2 as the engine does in this process', async () => {
    const program = peerProgram(join(peers, 'lightswitch.ts'));
    assert.match(program, /\.mjs$/);
    const { answer, queryMs } = run(program, csv, 'q2');
    const df = await scanCsv(csv, { schema: { ...SALES_SCHEMA } })
      .groupBy('store')
      .agg(col('amount').sum().alias('sum'), len().alias('count'))
      .collect({ workers: 0 });
    const want = (df.toRows() as { store: number; sum: number; count: number }[])
      .map((r) => [Number(r.store), r.sum, Number(r.count)])
      .sort((a, b) => a[0]! - b[0]!);
    const got = (answer as { stores: number[][] }).stores.sort((a, b) => a[0]! - b[0]!);
    assert.equal(got.length, want.length);
    got.forEach((g, i) => {
      assert.equal(g[0], want[i]![0]);
      assert.equal(g[2], want[i]![2]);
      assert.ok(
        Math.abs(g[1]! - want[i]![1]!) < 1e-6 * Math.abs(want[i]![1]!) + 1e-9,
        `sum of store ${g[0]}`,
      );
    });
    assert.ok(queryMs > 0);
  });

  it('the raw-read floor counts every line of the file', () => {
    const { answer } = run(peerProgram(join(peers, 'raw.ts')), csv, 'q1');
    assert.deepEqual(answer, { lines: 20_001 });
  });
});
