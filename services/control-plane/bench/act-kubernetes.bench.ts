// Kubernetes actuator benchmark (issue 4). Run: npx tsx services/control-plane/bench/act-kubernetes.bench.ts
// 1,000 Deployments (replicas 1..5 from a fixed seed) on the repository's fake API server, all put to sleep
// and then woken through the KubernetesActuator, BENCH_CONCURRENCY (default 16) at a time, as the reconciler
// would. Prints time, API calls and calls per second for each phase, and checks that every Deployment got
// exactly its replicas back. The fake runs in this process, so its own work is part of every figure: they
// measure the client path (request building, HTTP, JSON, retries), not a real API server's latency.
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { KubernetesActuator, SLEEP_ANNOTATIONS, type ActuatorWorkload, type Desired } from '../src/actuators';
import { startFakeKubeApi, writeFakeKubeconfig } from '../test/support/fake-kube-api';
import { prng } from '@lightswitch/service-kit/prng';

const COUNT = Number(process.env.BENCH_DEPLOYMENTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** KubernetesActuator's autoscalerCacheMs (default 0: only in-flight lists are shared). */
const AUTOSCALER_CACHE_MS = Number(process.env.BENCH_AUTOSCALER_CACHE_MS ?? 0);
const NS = 'bench';

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

const api = await startFakeKubeApi();
const { kubeConfig } = writeFakeKubeconfig(api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });

const random = prng(42);
const original = new Map<string, number>();
const workloads: ActuatorWorkload[] = [];
for (let i = 0; i < COUNT; i++) {
  const name = `app-${String(i).padStart(4, '0')}`;
  original.set(name, 1 + Math.floor(random() * 5));
  workloads.push({
    id: name,
    name,
    kind: 'k8s-deployment',
    target: { namespace: NS, name },
    replicasOn: 1,
    replicasOff: 0,
  });
}
await pool(workloads, CONCURRENCY, async (w) => {
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: {
      metadata: { name: w.name, labels: { app: w.name } },
      spec: {
        replicas: original.get(w.name)!,
        selector: { matchLabels: { app: w.name } },
        template: {
          metadata: { labels: { app: w.name } },
          spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9' }] },
        },
      },
    },
  });
});

const actuator = new KubernetesActuator({ kubeConfig, autoscalerCacheMs: AUTOSCALER_CACHE_MS });
interface Row {
  phase: string;
  ms: number;
  calls: number;
  writes: number;
}
const rows: Row[] = [];

async function phase(
  name: string,
  desired: Desired,
  check: (w: ActuatorWorkload, replicas: number | null) => void,
) {
  api.clearLog();
  const started = performance.now();
  await pool(workloads, CONCURRENCY, async (w) => {
    const observed = await actuator.apply(w, desired);
    check(w, observed.replicas);
  });
  const ms = performance.now() - started;
  rows.push({ phase: name, ms, calls: api.requests.length, writes: api.writes().length });
}

const expectReplicas =
  (want: (w: ActuatorWorkload) => number) => (w: ActuatorWorkload, got: number | null) => {
    if (got !== want(w)) throw new Error(`${w.name}: ${got} replicas, expected ${want(w)}`);
  };

await phase(
  'sleep',
  { state: 'off', replicas: 0 },
  expectReplicas(() => 0),
);
await phase(
  'wake',
  { state: 'on', replicas: 1 },
  expectReplicas((w) => original.get(w.name)!),
);
await phase(
  'wake again (no-op)',
  { state: 'on', replicas: 1 },
  expectReplicas((w) => original.get(w.name)!),
);

// Read back from the API server, not from what the actuator said.
let exact = 0;
const list = await apps.listNamespacedDeployment({ namespace: NS });
for (const d of list.items) {
  const annotations = Object.keys(d.metadata?.annotations ?? {});
  const ours = annotations.filter((k) => (Object.values(SLEEP_ANNOTATIONS) as string[]).includes(k));
  if (d.spec?.replicas === original.get(d.metadata!.name!) && ours.length === 0) exact++;
}

actuator.close();
await api.close();

console.log(
  `Kubernetes actuator: ${COUNT} Deployments on the in-process fake API server, concurrency ${CONCURRENCY}, ` +
    `autoscalerCacheMs ${AUTOSCALER_CACHE_MS}`,
);
console.log(
  `${'phase'.padEnd(20)}${'time ms'.padStart(10)}${'API calls'.padStart(11)}${'writes'.padStart(8)}` +
    `${'calls/s'.padStart(10)}${'per workload ms'.padStart(17)}`,
);
for (const r of rows) {
  console.log(
    `${r.phase.padEnd(20)}${r.ms.toFixed(0).padStart(10)}${String(r.calls).padStart(11)}${String(r.writes).padStart(8)}` +
      `${((r.calls * 1000) / r.ms).toFixed(0).padStart(10)}${(r.ms / COUNT).toFixed(2).padStart(17)}`,
  );
}
console.log(`exact replicas restored, annotations gone: ${exact} / ${COUNT}`);
if (exact !== COUNT) process.exitCode = 1;
