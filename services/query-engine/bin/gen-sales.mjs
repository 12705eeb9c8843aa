#!/usr/bin/env node
// Launcher for `gen-sales`: runs the TypeScript CLI through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/gen/cli.ts');
