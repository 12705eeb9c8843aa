// The main of a workload service: listen, say where, close cleanly on SIGINT/SIGTERM (the control plane
// stops a sleeping workload with SIGTERM), and exit 2 with the variable's name on a configuration error.
import { ServiceConfigError } from './env.ts';

interface Listening {
  listen(opts: { host: string; port: number }): Promise<unknown>;
  close(): Promise<unknown>;
  server: { address(): unknown };
}

/** Runs `start` (which loads the configuration and builds the app); the banner gets the bound port. */
export async function serveUntilSignal<C extends { host: string; port: number }>(
  start: () => Promise<{ app: Listening; config: C }>,
  banner: (config: C, port: number) => string,
): Promise<void> {
  try {
    const { app, config } = await start();
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port =
      typeof address === 'object' && address && 'port' in address ? Number(address.port) : config.port;
    process.stdout.write(`${banner(config, port)}\n`);
    const stop = async () => {
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  } catch (err) {
    if (err instanceof ServiceConfigError) {
      process.stderr.write(`error: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
