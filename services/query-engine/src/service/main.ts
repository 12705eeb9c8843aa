// `query-engine serve`: the engine as its own process (the microservice shape), configured by environment.
import { serveUntilSignal } from '@lightswitch/service-kit';
import { buildQueryApp } from './app.ts';
import { loadServiceConfig } from './config.ts';
import { ensureDemoData } from './demo-data.ts';

await serveUntilSignal(
  async () => {
    const config = loadServiceConfig();
    if (config.demoRows !== undefined) ensureDemoData(config.dataDir, config.demoRows);
    return { config, app: await buildQueryApp(config) };
  },
  (config, port) => `query engine listening on http://${config.host}:${port} (data: ${config.dataDir})`,
);
