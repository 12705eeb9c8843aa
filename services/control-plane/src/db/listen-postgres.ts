import pg from 'pg';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries and lose the subscription),
 * reconnecting with backoff while the server is away.
 */
export async function listenPostgres(
  config: pg.ClientConfig,
  channel: string,
  onMessage: (payload: string) => void,
  onState: (live: boolean) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let delayMs = 500;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(config);
    c.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client !== c || stopped) return;
      client = undefined;
      onState(false);
      retry();
    });
    await c.connect();
    await c.query(`LISTEN ${quote(channel)}`);
    client = c;
    delayMs = 500;
    onState(true);
  };
  const retry = () => {
    timer = setTimeout(() => {
      connect().catch(() => {
        if (!stopped) retry();
      });
    }, delayMs);
    delayMs = Math.min(delayMs * 2, 30_000);
  };

  try {
    await connect();
  } catch {
    onState(false);
    retry();
  }
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => undefined);
  };
}
