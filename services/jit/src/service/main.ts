// `lsjit-service`: the Lua implementation as its own process (the microservice shape), configured by environment.
import { buildApp } from './app.ts';
import { loadServiceConfig, ServiceConfigError } from './config.ts';

try {
  const config = loadServiceConfig();
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(
    `jit service listening on http://${config.host}:${port} (${config.concurrency} worker(s), ` +
      `time limit ${config.timeoutMs} ms, heap cap ${config.memoryMb} MB)\n`,
  );
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
