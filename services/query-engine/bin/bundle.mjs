// The service's code as one bundle for the launcher: it starts in ~0.18 s instead of ~0.3 s through tsx,
// which is what a workload woken on request makes its first caller wait for. The npm dependencies stay
// outside the bundle, so it is kept inside the package (node_modules/.cache), from where Node resolves
// them; where that cannot be written (a read-only image), there is no bundle and the launcher uses tsx.
import { cachedBundle } from '@lightswitch/service-kit/bundle';
import { readFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const kitDir = dirname(fileURLToPath(import.meta.resolve('@lightswitch/service-kit/package.json')));
const deps = (dir) =>
  Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies ?? {});

/** The URL of a bundle of `entry` (a path under src/), or null: then load the TypeScript through tsx. */
export function engineBundle(entry) {
  return cachedBundle({
    entry: join(pkgDir, 'src', entry),
    inputs: [join(pkgDir, 'src'), join(kitDir, 'src'), join(pkgDir, 'package.json')],
    cacheDir: join(pkgDir, 'node_modules', '.cache', 'lightswitch'),
    name: basename(entry).replace(/\.ts$/, ''),
    // workspace packages (TypeScript) go into the bundle; real dependencies are resolved at run time
    external: [...deps(pkgDir), ...deps(kitDir)].filter((d) => !d.startsWith('@lightswitch/')),
    memoryFallback: false,
  });
}
