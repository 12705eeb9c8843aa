// What `npm start` seeds into an empty embedded database, so a newcomer sees workloads really switch:
// three local processes running the demo HTTP service, each under a different kind of policy.
import { fileURLToPath } from 'node:url';
import type { PolicySpec } from '../policy';
import type { WorkloadSpec } from '../workloads';

export const DEMO_PORT_BASE = 18101;
const SERVICE = fileURLToPath(new URL('../../demo/demo-service.mjs', import.meta.url));

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

export function demoWorkloads(portBase = DEMO_PORT_BASE): WorkloadSpec[] {
  return [
    demoProcess(
      'demo-web',
      portBase,
      'web',
      'Sleeps when nobody calls it; a request through the activator wakes it.',
    ),
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
