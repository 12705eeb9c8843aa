// Every peer runs as plain JavaScript: its TypeScript runner (and, for the engine, the engine's sources)
// bundled with esbuild, npm packages left as imports. Through tsx each process paid ~0.13 s for the loader
// and its hook thread before its first line ran, a fixed cost that is no part of any engine, that no
// deployment pays (the service starts from a bundle too, bin/bundle.mjs), and that flattered every ratio
// to the raw-read floor.
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

// inside the package, so the bundles' package imports resolve from here as the sources' do
const outDir = fileURLToPath(new URL('../node_modules/.cache/lightswitch/bench-peers/', import.meta.url));

/**
 * The runnable .mjs for a peer's TypeScript runner, rebuilt on every benchmark run (~50 ms each). Split into
 * chunks as the service's bundles are (service-kit's cachedBundle): without splitting, esbuild inlines the
 * engine's lazy `import()` of its Arrow source and hoists that module's apache-arrow import to the top,
 * and every run paid ~0.1-0.2 s loading apache-arrow that no CSV query touches.
 */
export function peerProgram(script: string): string {
  const name = basename(script).replace(/\.ts$/, '');
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  buildSync({
    entryPoints: { [name]: script },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return join(dir, `${name}.mjs`);
}
