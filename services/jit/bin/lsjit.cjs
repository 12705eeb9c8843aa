#!/usr/bin/env node
// Launcher for the `lsjit` command: runs the command from a CommonJS esbuild bundle of the current
// sources (cached in the temp directory and compiled through V8's code cache by the service kit's
// requireBundle), or through tsx's ESM loader when no bundle can be made. CommonJS throughout,
// because every benchmark run starts here: Node's ESM loader and an ESM bundle cost ~10 ms more to
// start than require, and tsx ~0.3 s.
'use strict';
const { requireBundle } = require('@lightswitch/service-kit/bundle');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const srcDir = join(__dirname, '..', 'src');
const command = requireBundle({
  entry: join(srcDir, 'command.ts'),
  // the root tsconfig steers esbuild's TypeScript settings
  inputs: [srcDir, join(__dirname, '..', '..', '..', 'tsconfig.json')],
  cacheDir: join(tmpdir(), 'lightswitch-jit'),
  name: 'command',
  warm: (m) => m.warm(),
});
const argv = process.argv.slice(2);
if (command !== null) command.main(argv);
else {
  (async () => {
    const { register } = await import('tsx/esm/api');
    register();
    const { main } = await import('../src/command.ts');
    main(argv);
  })();
}
