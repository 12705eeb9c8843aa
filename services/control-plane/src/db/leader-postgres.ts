import pg from 'pg';

/**
 * Leadership among control planes sharing one PostgreSQL: a session-level advisory lock held on a
 * connection of its own. Whoever holds it leads; if that session dies (process killed, network cut) the
 * server releases the lock and another replica's next attempt takes it, within `retryMs`.
 */
export async function holdLeadershipPostgres(
  config: pg.ClientConfig,
  key: number,
  onChange: (leader: boolean) => void,
  retryMs: number,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const lose = () => {
    const c = client;
    client = undefined;
    c?.end().catch(() => undefined);
    if (leader) {
      leader = false;
      onChange(false);
    }
  };
  const attempt = async () => {
    if (stopped) return;
    try {
      if (!client) {
        const c = new pg.Client(config);
        c.on('error', () => undefined);
        c.on('end', () => {
          if (client === c) lose();
        });
        await c.connect();
        client = c;
      }
      if (leader) {
        // Still holding it: a cheap round trip proves the session (and so the lock) is alive.
        await client.query('SELECT 1');
      } else {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1) AS locked',
          [key],
        );
        if (rows[0]?.locked && !stopped) {
          leader = true;
          onChange(true);
        }
      }
    } catch {
      lose();
    }
    if (!stopped) timer = setTimeout(() => void attempt(), retryMs);
  };
  await attempt();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const c = client;
    client = undefined;
    if (leader) {
      leader = false;
      onChange(false);
    }
    // Ending the session releases the lock at once for the others.
    await c?.end().catch(() => undefined);
  };
}
