import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Channel, Closed, Linearizer, WorkerPool, WorkerCrash } from '../src/exec/index.ts';
import { col, fromColumns, len, scanCsv } from '../src/index.ts';
import { salesRows, tmpDir, writeSalesCsv } from './support/engine-fixtures.ts';

const T = { timeout: 30_000 };

describe('exec: async primitives', () => {
  it('a channel of capacity 1 makes the sender wait', T, async () => {
    const ch = new Channel<number>(1);
    await ch.send(1);
    let sent = false;
    const p = ch.send(2).then(() => (sent = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(sent, false);
    assert.equal(await ch.recv(), 1);
    await p;
    assert.equal(await ch.recv(), 2);
    ch.close();
    assert.equal(await ch.recv(), undefined);
    await assert.rejects(ch.send(3), Closed);
  });

  it('fail() wakes both sides with the reason', T, async () => {
    const ch = new Channel<number>(1);
    const r = ch.recv();
    ch.fail(new Error('boom'));
    await assert.rejects(r, /boom/);
    await assert.rejects(ch.send(1), /boom/);
  });

  it('the linearizer restores sequence order from increasing inputs', T, async () => {
    const lin = new Linearizer<{ seq: number }>(3);
    const inputs = [
      [0, 3, 4, 8],
      [1, 5, 6],
      [2, 7, 9],
    ];
    const producers = inputs.map(async (seqs, i) => {
      for (const seq of seqs) {
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        await lin.insert(i, { seq });
      }
      lin.finish(i);
    });
    const out: number[] = [];
    for (let x = await lin.get(); x; x = await lin.get()) out.push(x.seq);
    await Promise.all(producers);
    assert.deepEqual(out, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('the linearizer lets the next sequence number out while other inputs are still busy', T, async () => {
    // with every input waiting for the slowest, only one worker would ever be busy
    const lin = new Linearizer<{ seq: number }>(4);
    const taken: number[] = [];
    void lin.insert(2, { seq: 0 }).then(() => taken.push(0));
    assert.equal((await lin.get())?.seq, 0);
    void lin.insert(0, { seq: 2 }).then(() => taken.push(2));
    void lin.insert(3, { seq: 1 }).then(() => taken.push(1));
    assert.equal((await lin.get())?.seq, 1);
    assert.equal((await lin.get())?.seq, 2);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(taken, [0, 1, 2]);
    for (let i = 0; i < 4; i++) lin.finish(i);
    assert.equal(await lin.get(), undefined);
  });
});

describe('exec: errors and cancellation', () => {
  const dir = tmpDir();
  const big = writeSalesCsv(dir, 'big.csv', salesRows(20_000, 3, false));

  it('a crashed worker fails its task and is replaced', T, async () => {
    const pool = new WorkerPool(1);
    try {
      await assert.rejects(
        pool.run({ kind: 'crash' }, []),
        (e: Error) => e instanceof WorkerCrash && /crashed/.test(e.message),
      );
      const res = await pool.run<unknown>({ kind: 'aggDrop', key: 'x' }, []);
      assert.equal(res, null);
    } finally {
      await pool.close();
    }
  });

  it('a task that cannot be sent fails alone; the worker takes the next one', T, async () => {
    const pool = new WorkerPool(1);
    try {
      const bytes = new Uint8Array(8);
      structuredClone(bytes.buffer, { transfer: [bytes.buffer] }); // detaches it
      const task = {
        kind: 'stage',
        stage: { ops: [] },
        input: { kind: 'csv', bytes, byteOffset: 0, seq: 0 },
      };
      await assert.rejects(pool.run(task as any, [bytes.buffer as ArrayBuffer]), /detached/i);
      assert.equal(await pool.run<unknown>({ kind: 'aggDrop', key: 'x' }, []), null);
    } finally {
      await pool.close();
    }
  });

  it('limit stops reading early and returns exactly n rows in order', T, async () => {
    for (const cfg of [
      { workers: 0, morselRows: 100 },
      { workers: 2, morselRows: 100 },
      { workers: 2, morselRows: 1 },
    ]) {
      const df = await scanCsv(big).select('id').limit(250).collect(cfg);
      assert.deepEqual(
        df.column('id'),
        Array.from({ length: 250 }, (_, i) => i),
      );
    }
    const df0 = await scanCsv(big).limit(0).collect({ workers: 2 });
    assert.equal(df0.length, 0);
  });

  it('limit then more operators, and operators after a groupBy', T, async () => {
    const df = await scanCsv(big)
      .limit(10)
      .withColumns(col('id').mul(2).alias('x'), col('id').cumSum().alias('c'))
      .filter(col('x').gt(4))
      .collect({ workers: 2, morselRows: 3 });
    assert.deepEqual(df.column('x'), [6, 8, 10, 12, 14, 16, 18]);
    assert.deepEqual(df.column('c'), [6, 10, 15, 21, 28, 36, 45]);
    const g = await scanCsv(big)
      .groupBy('store')
      .agg(len().alias('n'))
      .filter(col('store').lt(3))
      .select('store', col('n').gt(0).alias('some'))
      .collect({ workers: 2 });
    assert.deepEqual(
      g.toRows().sort((a, b) => Number(a.store) - Number(b.store)),
      [0, 1, 2].map((s) => ({ store: s, some: true })),
    );
  });

  // the fix-up shifts a float running sum in place (run.ts), in every configuration and also under aliases
  it('the ordered fix-up gives a running sum and its aliases exact values', T, async () => {
    const want = Array.from({ length: 20_000 }, (_, i) => (i * (i + 1)) / 2);
    for (const cfg of [
      { workers: 0, morselRows: 700 },
      { workers: 2, morselRows: 700 },
      { workers: 2, morselRows: 1 },
      // column at a time, where an alias is the same array
      { workers: 0, morselRows: 700, fuse: false },
      { workers: 2, morselRows: 700, fuse: false },
    ]) {
      const df = await scanCsv(big)
        .withColumns(col('id').cast('float64').cumSum().alias('c'))
        .select(col('c'), col('c').alias('d'), col('c').add(0).alias('e'))
        .collect(cfg);
      for (const name of ['c', 'd', 'e'])
        assert.deepEqual(df.column(name), want, `${name} ${JSON.stringify(cfg)}`);
    }
  });

  it('breaking out of stream() cancels the query', T, async () => {
    let n = 0;
    for await (const m of scanCsv(big).stream({ workers: 2, morselRows: 100 })) {
      n += m.length;
      if (n >= 300) break;
    }
    assert.ok(n >= 300);
    // the pool is free again
    assert.equal((await scanCsv(big).agg(len()).collect({ workers: 2 })).column('len')[0], 20_000);
  });

  it('an abort signal stops the query with its reason', T, async () => {
    const ac = new AbortController();
    const run = (async () => {
      let i = 0;
      for await (const _ of scanCsv(big).stream({ workers: 2, morselRows: 50, signal: ac.signal }))
        if (++i === 3) ac.abort(new Error('stop now'));
    })();
    await assert.rejects(run, /stop now/);
  });

  it('an error in one worker stops the whole pipeline, no partial result', T, async () => {
    const rows = salesRows(5000, 4, false);
    const path = writeSalesCsv(dir, 'late-bad.csv', rows);
    const { appendFileSync, readFileSync } = await import('node:fs');
    // notes hold quoted newlines: the bad row's physical line is one past the file's newline count
    const line = readFileSync(path, 'utf8').split('\n').length;
    appendFileSync(path, '5000,2024-01-01,notanumber,1.5,x\n');
    for (const workers of [0, 1, 3])
      await assert.rejects(
        scanCsv(path).groupBy('store').agg(col('amount').sum()).collect({ workers, morselRows: 100 }),
        new RegExp(
          `late-bad\\.csv: line ${line}, column 3 \\("store"\\): cannot parse "notanumber" as int64`,
        ),
      );
  });

  it('global aggregates over empty input give one row', T, async () => {
    const df = await fromColumns({ a: [] as number[] }, { a: 'int64' })
      .agg(col('a').sum(), len())
      .collect({ workers: 1 });
    assert.deepEqual(df.toRows(), [{ a: null, len: 0 }]);
  });
});
