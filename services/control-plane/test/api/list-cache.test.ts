import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS, sampleWorkload, startTestApi, type TestApi } from '../support/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const kind of DB_KINDS) {
  describe(`list pages stay true to the database whoever writes it (${kind})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(kind);
      for (const name of ['cache-a', 'cache-b']) {
        assert.equal(
          (await api.call('POST', '/api/v1/workloads', { body: sampleWorkload(name) })).statusCode,
          201,
        );
      }
    });
    after(() => api.close());

    const zones = async () => {
      const res = await api.call('GET', '/api/v1/workloads', { role: 'viewer' });
      assert.equal(res.statusCode, 200);
      return Object.fromEntries(
        (res.json().items as { name: string; zone: string }[]).map((w) => [w.name, w.zone]),
      );
    };

    /** Polls until the list shows what the database holds; a cache that missed the change never does. */
    async function eventually(check: (z: Record<string, string>) => boolean, what: string) {
      for (let i = 0; i < 40; i++) {
        if (check(await zones())) return;
        await sleep(50);
      }
      assert.fail(`the list never showed ${what}`);
    }

    test('a change written behind the API (another replica, psql) reaches the list', async () => {
      assert.equal((await zones())['cache-a'], 'GB');
      await zones(); // served from the cache now
      await api.db.prisma.$executeRaw`UPDATE "Workload" SET "zone" = 'DE' WHERE "name" = 'cache-a'`;
      await eventually((z) => z['cache-a'] === 'DE', 'the direct update');
      await api.db.prisma.$executeRaw`DELETE FROM "Workload" WHERE "name" = 'cache-b'`;
      await eventually((z) => !('cache-b' in z), 'the direct delete');
    });

    test('a change through the API is visible to the next read at once', async () => {
      await zones();
      const put = await api.call('PUT', '/api/v1/workloads/cache-a', {
        body: { ...sampleWorkload('cache-a'), zone: 'FR' },
        headers: { 'if-match': '*' },
      });
      // If-Match "*" is no version: the update is refused, and the cached list must not change.
      assert.equal(put.statusCode, 428);
      const current = await api.call('GET', '/api/v1/workloads/cache-a');
      const ok = await api.call('PUT', '/api/v1/workloads/cache-a', {
        body: { ...sampleWorkload('cache-a'), zone: 'FR', version: current.json().version },
      });
      assert.equal(ok.statusCode, 200);
      assert.equal((await zones())['cache-a'], 'FR');
    });

    if (kind === 'postgres') {
      test('when the change listener is cut off, nothing is served from the cache until it is back', async () => {
        await zones();
        const killed = await api.db.prisma.$queryRaw<{ ok: boolean }[]>`
          SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE application_name = 'lightswitch-listener' AND datname = current_database()`;
        assert.equal(killed.length, 1, 'exactly one listener connection expected');
        await sleep(100);
        // Written while nobody listens: this notification is lost for good.
        await api.db.prisma
          .$executeRaw`UPDATE "Workload" SET "zone" = 'US-CAL-CISO' WHERE "name" = 'cache-a'`;
        assert.equal((await zones())['cache-a'], 'US-CAL-CISO');
        // The listener reconnects on its own and caching resumes, still correct afterwards.
        let back = false;
        for (let i = 0; i < 60 && !back; i++) {
          await sleep(100);
          const rows = await api.db.prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'lightswitch-listener' AND datname = current_database()`;
          back = rows[0]!.n === 1n;
        }
        assert.ok(back, 'the listener did not reconnect');
        await zones();
        await api.db.prisma.$executeRaw`UPDATE "Workload" SET "zone" = 'GB' WHERE "name" = 'cache-a'`;
        await eventually((z) => z['cache-a'] === 'GB', 'the update after reconnecting');
      });
    }
  });
}
