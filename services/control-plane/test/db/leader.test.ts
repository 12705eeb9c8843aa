import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/db';
import { createTestPostgres, openMigrated } from '../support/databases';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('exactly one of two control planes on one PostgreSQL leads; when its session dies the other takes over', async () => {
  const pg = await createTestPostgres();
  const a = await openDatabase({ databaseUrl: pg.url, dataDir: '/nonexistent' });
  const b = await openDatabase({ databaseUrl: pg.url, dataDir: '/nonexistent' });
  const state = { a: false, b: false, changesB: 0 };
  const releaseA = await a.holdLeadership((l) => void (state.a = l), { retryMs: 200 });
  const releaseB = await b.holdLeadership(
    (l) => {
      state.b = l;
      state.changesB++;
    },
    { retryMs: 200 },
  );
  try {
    assert.equal(state.a, true, 'the first to ask leads');
    await sleep(600);
    assert.equal(state.b, false, 'the second does not, however often it asks');
    // A crash: the leader's session is killed and the leader never asks again (a live replica whose
    // session was cut may win the lock back, which is fine, but then it is not a take-over to wait for).
    const killed = await b.prisma.$queryRaw<{ ok: boolean }[]>`
      SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE application_name = 'lightswitch-leader' AND datname = current_database()
        AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`;
    assert.equal(killed.length, 1);
    await releaseA();
    assert.equal(state.a, false, 'the crashed leader no longer leads');
    // The bound is 15 s; the retry interval makes it ~200 ms on an idle machine.
    await until(() => state.b, 15_000, 'the other replica to take over');
    // A leader that gives up releases at once: a third replica takes over.
    const c = { leading: false };
    const releaseC = await a.holdLeadership((l) => void (c.leading = l), { retryMs: 200 });
    try {
      assert.equal(c.leading, false, 'not while B leads');
      await releaseB();
      assert.equal(state.b, false);
      await until(() => c.leading, 15_000, 'leadership to pass on');
      assert.ok(!(state.b && c.leading), 'never two leaders');
    } finally {
      await releaseC();
    }
  } finally {
    await releaseA();
    await releaseB();
    await a.close();
    await b.close();
    await pg.drop();
  }
});

test('the embedded database has one process: it always leads', async () => {
  const { db, cleanup } = await openMigrated('pglite');
  let leader = false;
  const release = await db.holdLeadership((l) => void (leader = l));
  assert.equal(leader, true);
  await release();
  assert.equal(leader, false);
  await cleanup();
});
