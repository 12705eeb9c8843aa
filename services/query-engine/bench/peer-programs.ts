// Every peer runs as plain JavaScript: its TypeScript runner (and, for the engine, the engine's sources)
// bundled with esbuild, npm packages left as imports. Through tsx each process paid ~0.13 s for the loader
// and its hook thread before its first line ran, a fixed cost that is no part of any engine, that no
// deployment pays (the service starts from a bundle too, bin/bundle.mjs), and that flattered every ratio
// to the raw-read floor.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

// inside the package, so the bundles' package imports resolve from here as the sources' do
const outDir = fileURLToPath(new URL('../node_modules/.cache/lightswitch/bench-peers/', import.meta.url));

/** The runnable .mjs for a peer's TypeScript runner, rebuilt on every benchmark run (~50 ms each). */
export function peerProgram(script: string): string {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, basename(script).replace(/\.ts$/, '.mjs'));
  buildSync({
    entryPoints: [script],
    outfile: out,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return out;
}
