// `lsjit-service`: the Lua implementation as its own process (the microservice shape), configured by environment.
import { serveUntilSignal } from '@lightswitch/service-kit';
import { buildApp } from './app.ts';
import { loadServiceConfig } from './config.ts';

await serveUntilSignal(
  async () => {
    const config = loadServiceConfig();
    return { config, app: await buildApp(config) };
  },
  (config, port) =>
    `jit service listening on http://${config.host}:${port} (${config.concurrency} worker(s), ` +
    `time limit ${config.timeoutMs} ms, heap cap ${config.memoryMb} MB)`,
);
