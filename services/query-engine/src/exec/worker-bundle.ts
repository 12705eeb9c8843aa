// The worker's code. Loading it through tsx (worker-entry.mjs) costs every thread its own loader-hooks
// thread and TypeScript compile: ~60 MiB RSS and ~0.2 s CPU per worker. So the worker runs from a bundle
// in plain JavaScript, cached in the temp directory (the service kit's cachedBundle): only the first
// process after an edit pays for the build (~50 ms, on the critical path of its first query). Without
// esbuild, tsx it is.
import { cachedBundle } from '@lightswitch/service-kit/bundle';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = dirname(dirname(fileURLToPath(import.meta.url)));

export function workerEntry(): URL {
  return (
    cachedBundle({
      entry: join(srcDir, 'exec', 'worker.ts'),
      inputs: [srcDir],
      cacheDir: join(tmpdir(), 'lightswitch-query-engine'),
      name: 'worker',
    }) ?? new URL('./worker-entry.mjs', import.meta.url)
  );
}
