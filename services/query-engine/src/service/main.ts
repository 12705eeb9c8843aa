// `query-engine serve`: the engine as its own process (the microservice shape), configured by environment.
import { buildQueryApp } from './app.ts';
import { loadServiceConfig, ServiceConfigError } from './config.ts';
import { ensureDemoData } from './demo-data.ts';

try {
  const config = loadServiceConfig();
  if (config.demoRows !== undefined) ensureDemoData(config.dataDir, config.demoRows);
  const app = await buildQueryApp(config);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(`query engine listening on http://${config.host}:${port} (data: ${config.dataDir})\n`);
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
