// The LightSwitch engine's runner lives with the engine (bench/engine-q1q2.ts <csv> <q1|q2>, printing one
// JSON line with the answer). Importing it here keeps it in this process with the same argv; when it is
// missing the harness reports the engine as not available rather than failing the whole benchmark.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('../engine-q1q2.ts', import.meta.url));
if (!existsSync(runner)) {
  process.stdout.write(JSON.stringify({ unavailable: 'bench/engine-q1q2.ts does not exist yet' }) + '\n');
  process.exit(3);
}
await import(runner);
