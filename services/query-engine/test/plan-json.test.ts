import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LazyFrame, col, len, lit, scanCsv } from '../src/index.ts';
import { assertRowsEqual, salesRows, tmpDir, writeSalesCsv } from './support/engine-fixtures.ts';

const T = { timeout: 30_000 };
const path = writeSalesCsv(tmpDir(), 's.csv', salesRows(300, 9));

describe('plan: JSON and optimizer', () => {
  const q = scanCsv(path)
    .withColumns(col('date').str.toDate(), col('amount').cumSum().alias('cum'))
    .filter(col('store').gt(2).and(col('note').isNotNull()))
    .select('id', 'cum', col('date').dt.month().alias('m'))
    .limit(50);

  it('round-trips through JSON and gives the same result', T, async () => {
    const json = JSON.stringify(q.toJSON());
    const back = LazyFrame.fromJSON(json);
    assert.deepEqual(back.toJSON(), q.toJSON());
    // float sums: a morsel's offset plus its local sum rounds differently from one long sum
    assertRowsEqual(
      (await back.collect({ workers: 2, morselRows: 40 })).toRows(),
      (await q.collect({ workers: 0 })).toRows(),
    );
  });

  it('does not push a filter below a cumSum (that would change the sums)', T, async () => {
    const plan = await q.explain();
    assert.match(plan, /filter/);
    assert.doesNotMatch(plan, /"predicate"[^\n]*scanCsv/);
    const scan = plan.split('\n').find((l) => l.includes('scanCsv'))!;
    assert.doesNotMatch(scan, /predicate/);
  });

  it('pushes predicates and projections into the scan where it is safe', T, async () => {
    const plan = await scanCsv(path)
      .withColumns(col('amount').mul(2).alias('a2'))
      .filter(col('store').eq(1))
      .select('id', 'a2')
      .explain();
    const scan = plan.split('\n').find((l) => l.includes('scanCsv'))!;
    assert.match(scan, /"projection":\["id","amount"\]/);
    assert.match(scan, /"predicate":\{"kind":"binary","op":"=="/);
    assert.doesNotMatch(plan, /^filter/m);
  });

  it('nested cumSum is hoisted into a hidden column and still correct', T, async () => {
    const df = await scanCsv(path)
      .select('id', col('id').cumSum().mul(2).add(lit(1)).alias('x'), col('id').cumSum().alias('c'))
      .filter(col('id').lt(5))
      .collect({ workers: 2, morselRows: 2 });
    assert.deepEqual(
      df.toRows(),
      [0, 1, 2, 3, 4].map((i) => ({ id: i, x: i * (i + 1) + 1, c: (i * (i + 1)) / 2 })),
    );
    const g = await scanCsv(path)
      .filter(col('id').cumSum().lt(10))
      .agg(len())
      .collect({ workers: 2, morselRows: 1 });
    assert.deepEqual(g.toRows(), [{ len: 4 }]);
  });

  it('rejects plans of an unknown version', () => {
    assert.throws(() => LazyFrame.fromJSON({ version: 99, plan: q.plan }), /unsupported plan version 99/);
  });
});
