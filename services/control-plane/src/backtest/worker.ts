// Runs one simulation off the API's event loop; the parent posts the scenario, this posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { loadEnergySettings } from '../energy';
import { bundledDataset } from '../signals';
import { simulate } from './simulate';
import type { Scenario } from './scenario';

const { scenario, env } = workerData as { scenario: Scenario; env: Record<string, string | undefined> };
try {
  const result = simulate(scenario, { dataset: bundledDataset(), energy: loadEnergySettings(env) });
  parentPort!.postMessage({ ok: true, result });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: (err as Error).message });
}
