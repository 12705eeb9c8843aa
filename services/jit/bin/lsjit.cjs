#!/usr/bin/env node
// Launcher for the `lsjit` command: runs the CLI from a CommonJS esbuild bundle of the current sources
// (cached in the temp directory by the service kit's cachedBundle), or through tsx's ESM loader when no
// bundle can be made. CommonJS throughout, because every benchmark run starts here: Node's ESM loader
// and an ESM bundle cost ~10 ms more to start than require, and tsx ~0.3 s.
'use strict';
const { cachedBundle } = require('@lightswitch/service-kit/bundle');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { fileURLToPath } = require('node:url');

const srcDir = join(__dirname, '..', 'src');
const bundle = cachedBundle({
  entry: join(srcDir, 'cli.ts'),
  // the root tsconfig steers esbuild's TypeScript settings
  inputs: [srcDir, join(__dirname, '..', '..', '..', 'tsconfig.json')],
  cacheDir: join(tmpdir(), 'lightswitch-jit'),
  name: 'cli',
  format: 'cjs',
});
if (bundle !== null) require(fileURLToPath(bundle));
else {
  (async () => {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/cli.ts');
  })();
}
