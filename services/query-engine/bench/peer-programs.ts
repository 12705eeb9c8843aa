// Every peer runs as plain JavaScript: its TypeScript runner (and, for the engine, the engine's sources)
// bundled with esbuild, npm packages left as imports. Through tsx each process paid ~0.13 s for the loader
// and its hook thread before its first line ran, a fixed cost that is no part of any engine, that no
// deployment pays (the service starts from a bundle too, bin/bundle.mjs), and that flattered every ratio
// to the raw-read floor.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

// inside the package, so the bundles' package imports resolve from here as the sources' do
const outDir = fileURLToPath(new URL('../node_modules/.cache/lightswitch/bench-peers/', import.meta.url));

// npm packages stay imports; the workspace's own packages are TypeScript, which Node cannot load: bundled
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
  (d) => !d.startsWith('@lightswitch/'),
);

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
    external,
    // the service kit's bundle.cjs, bundled into ESM, requires Node's builtins through esbuild's shim,
    // which needs a `require` in scope (as service-kit's cachedBundle gives its ESM bundles)
    banner: {
      js: "import { createRequire as __peerCreateRequire } from 'node:module';\nconst require = __peerCreateRequire(import.meta.url);",
    },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return join(dir, `${name}.mjs`);
}
