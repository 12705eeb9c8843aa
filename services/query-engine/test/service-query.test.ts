// The query engine as a service, over real HTTP: bundled queries and shipped plans streamed back as NDJSON
// and Arrow IPC, checked against DuckDB; bad requests refused with the field or place named, and the
// service healthy for the next query afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { FastifyInstance } from 'fastify';
import { writeSalesCsv } from '../src/gen/index.ts';
import { BUNDLED_QUERIES } from '../src/queries/index.ts';
import { buildQueryApp } from '../src/service/index.ts';
import { col, scanCsv } from '../src/index.ts';
import { approxEqual, openOracle, readCsv, type Oracle } from './support/duckdb-oracle.ts';

const T = { timeout: 60_000 };
const SALES_TYPES = { date: 'VARCHAR', store: 'BIGINT', amount: 'DOUBLE', product: 'VARCHAR' };

describe('query engine service', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qe-service-'));
  const sales = join(dataDir, 'sales.csv');
  let app: FastifyInstance;
  let url: string;
  let db: Oracle;

  before(async () => {
    writeSalesCsv(sales, { rows: 20_000, seed: 7, nullRate: 0.01 });
    writeFileSync(
      join(dataDir, 'broken.csv'),
      'date,store,amount,product\n2024-01-01,1,2.5,a\n2024-01-02,x,3,b\n',
    );
    app = await buildQueryApp({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      workers: 2,
      morselRows: 3000,
      demoRows: undefined,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
    db = await openOracle();
  });
  after(async () => {
    await app.close();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const json = async (res: Response): Promise<any> => res.json();
  const ndjson = async (res: Response) =>
    (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  it('runs bundled Q2 by name and streams NDJSON equal to DuckDB', T, async () => {
    const res = await post({ query: 'q2', source: 'sales.csv' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    const got = (await ndjson(res)).sort((a, b) => a.store - b.store);
    const want = await db.query(
      `SELECT store, sum(amount) AS amount, count(*) AS count FROM ${readCsv(sales, SALES_TYPES)} GROUP BY store ORDER BY store`,
    );
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++)
      assert.ok(approxEqual(got[i], want[i]), JSON.stringify([got[i], want[i]]));
  });

  it('runs a shipped plan (Q1 as LazyFrame.toJSON()) and streams Arrow IPC equal to DuckDB', T, async () => {
    const plan = BUNDLED_QUERIES.q1!.build('sales.csv').toJSON();
    const res = await post({ plan, format: 'arrow' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    const want = await db.query(`
      SELECT count(*) AS n, sum(c) AS total FROM (
        SELECT strptime(date, '%Y-%m-%d')::DATE AS d,
          -- as Polars: a null amount's running total is null; later rows skip it
          CASE WHEN amount IS NULL THEN NULL
            ELSE sum(amount) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) END AS c, amount
        FROM (SELECT *, row_number() OVER () AS rn FROM ${readCsv(sales, SALES_TYPES)}))
      WHERE isodow(d) = 1`);
    assert.equal(table.numRows, Number(want[0]!.n));
    let total = 0;
    const cum = table.getChild('cumulative_amount')!;
    for (let i = 0; i < table.numRows; i++) total += (cum.get(i) as number | null) ?? 0;
    assert.ok(approxEqual(total, want[0]!.total, 1e-6), `${total} vs ${String(want[0]!.total)}`);
  });

  it('refuses bad requests naming the field, before any data flows', T, async () => {
    let res = await post({ query: 'q9', source: 'sales.csv' });
    assert.equal(res.status, 400);
    let body = await json(res);
    assert.equal(body.details[0].field, 'query');
    res = await post({ query: 'q1', source: 'sales.csv', colour: 'blue' });
    assert.equal(res.status, 400);
    assert.equal((await json(res)).details[0].field, 'colour');
    res = await post({ query: 'q1', source: '../../etc/passwd' });
    assert.equal(res.status, 422);
    body = await json(res);
    assert.equal(body.details[0].field, 'source');
    const outside = scanCsv('/etc/passwd').toJSON();
    res = await post({ plan: outside });
    assert.equal(res.status, 422);
    assert.equal((await json(res)).details[0].field, 'plan.plan.path');
  });

  it(
    'an unknown column and a malformed CSV are 422 naming the place; the next query still works',
    T,
    async () => {
      const unknown = scanCsv('sales.csv', {
        schema: { date: 'utf8', store: 'int64', amount: 'float64', product: 'utf8' },
      })
        .select(col('nope'))
        .toJSON();
      let res = await post({ plan: unknown });
      assert.equal(res.status, 422);
      assert.match((await json(res)).message, /nope/);
      res = await post({ query: 'q2', source: 'broken.csv' });
      assert.equal(res.status, 422);
      const body = await json(res);
      assert.equal(body.error, 'CsvError');
      assert.match(body.message, /broken\.csv:3:2: /);
      res = await post({ query: 'q2', source: 'sales.csv' });
      assert.equal(res.status, 200);
      assert.ok((await ndjson(res)).length > 0);
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      assert.match(metrics, /query_engine_queries_total\{outcome="rejected"\} [1-9]/);
      assert.match(metrics, /query_engine_queries_total\{outcome="ok"\} [1-9]/);
    },
  );
});
