#!/usr/bin/env node
// Launcher for the query engine service: runs the service from a bundle of the current sources
// (bin/bundle.mjs), or through tsx's ESM loader when no bundle can be made.
import { engineBundle } from './bundle.mjs';

const bundle = engineBundle('service/main.ts');
if (bundle !== null) await import(bundle.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/service/main.ts');
}
