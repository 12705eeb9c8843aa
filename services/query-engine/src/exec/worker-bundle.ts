// The worker's code. Loading it through tsx (worker-entry.mjs) costs every thread its own loader-hooks
// thread and TypeScript compile: ~60 MiB RSS and ~0.2 s CPU per worker. So the worker runs from a bundle
// in plain JavaScript, cached in the temp directory (the service kit's cachedBundle): only the first
// process after an edit pays for the build (~50 ms, on the critical path of its first query). Without
// esbuild, tsx it is. The sources are found through the package, not this file's URL: the engine itself
// may be running from a bundle somewhere else (bin/bundle.mjs).
import { cachedBundle } from '@lightswitch/service-kit/bundle';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function workerEntry(): URL {
  const srcDir = join(
    dirname(fileURLToPath(import.meta.resolve('@lightswitch/query-engine/package.json'))),
    'src',
  );
  return (
    cachedBundle({
      entry: join(srcDir, 'exec', 'worker.ts'),
      inputs: [srcDir],
      cacheDir: join(tmpdir(), 'lightswitch-query-engine'),
      name: 'worker',
    }) ?? pathToFileURL(join(srcDir, 'exec', 'worker-entry.mjs'))
  );
}
