// What `npm start` seeds into an empty embedded database, so a newcomer sees workloads really switch:
// three local processes, each under a different kind of policy: the bundled query engine (woken on request)
// and two copies of a small demo HTTP service.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicySpec } from '../policy';
import type { WorkloadSpec } from '../workloads';

export const DEMO_PORT_BASE = 18101;
const SERVICE = fileURLToPath(new URL('../../demo/demo-service.mjs', import.meta.url));
// A path to run, not an import: the query engine is its own service with its own launcher.
const QUERY_ENGINE = fileURLToPath(new URL('../../../query-engine/bin/query-engine.mjs', import.meta.url));

function demoProcess(name: string, port: number, tier: string, description: string): WorkloadSpec {
  return {
    name,
    kind: 'process',
    description,
    zone: 'GB',
    labels: { app: 'lightswitch-demo', tier },
    replicasOn: 1,
    replicasOff: 0,
    vcpu: 0.5,
    memoryGb: 0.25,
    target: {
      command: process.execPath,
      args: [SERVICE],
      env: { PORT: String(port), NAME: name },
      healthCheck: { http: `http://127.0.0.1:${port}/healthz`, timeoutMs: 10_000 },
      stopGraceSeconds: 5,
      upstream: `http://127.0.0.1:${port}`,
    },
  };
}

/** The bundled query engine as a service, with a small generated data set of its own. */
function demoQueryEngine(port: number, dataDir: string): WorkloadSpec {
  return {
    name: 'demo-query',
    kind: 'process',
    description:
      'The bundled query engine; sleeps when nobody queries it, and a request through the activator wakes it.',
    zone: 'GB',
    labels: { app: 'lightswitch-demo', tier: 'web' },
    replicasOn: 1,
    replicasOff: 0,
    vcpu: 1,
    memoryGb: 0.5,
    target: {
      command: process.execPath,
      args: [QUERY_ENGINE],
      env: {
        QUERY_ENGINE_PORT: String(port),
        QUERY_ENGINE_DATA_DIR: dataDir,
        QUERY_ENGINE_DEMO_ROWS: '200000',
        QUERY_ENGINE_WORKERS: '1',
        QUERY_ENGINE_LOG_LEVEL: 'warn',
      },
      healthCheck: { http: `http://127.0.0.1:${port}/healthz`, timeoutMs: 30_000 },
      stopGraceSeconds: 5,
      upstream: `http://127.0.0.1:${port}`,
    },
  };
}

/** `dataDir` holds what the demo services keep (the query engine's generated sales.csv). */
export function demoWorkloads(portBase = DEMO_PORT_BASE, dataDir = 'demo-data'): WorkloadSpec[] {
  return [
    demoQueryEngine(portBase, join(dataDir, 'query-engine')),
    demoProcess('demo-batch', portBase + 1, 'batch', 'Scaled down or off while the grid is dirty.'),
    demoProcess('demo-cron', portBase + 2, 'cron', 'Off for five minutes in every ten, by schedule.'),
  ];
}

export function demoPolicies(): PolicySpec[] {
  return [
    {
      name: 'demo-idle-web',
      type: 'idle',
      selector: 'app=lightswitch-demo,tier=web',
      description: 'Demo: off after 5 quiet minutes; woken by the activator.',
      spec: { idleMinutes: 5 },
    },
    {
      name: 'demo-dirty-grid',
      type: 'carbon-threshold',
      selector: 'app=lightswitch-demo,tier=batch',
      description: 'Demo: off above the 60th percentile of the next 24 h of GB grid carbon intensity.',
      spec: { offAbovePercentile: 60, hysteresisGPerKwh: 10, minOnMinutes: 10, minOffMinutes: 10 },
    },
    {
      name: 'demo-every-ten-minutes',
      type: 'schedule',
      selector: 'app=lightswitch-demo,tier=cron',
      description: 'Demo: off at minute 0, 10, 20… and back on five minutes later.',
      spec: { timezone: 'UTC', sleepCron: '*/10 * * * *', wakeCron: '5-59/10 * * * *' },
    },
  ];
}
