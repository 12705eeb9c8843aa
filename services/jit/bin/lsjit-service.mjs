#!/usr/bin/env node
// Launcher for the jit HTTP service: runs the TypeScript entry through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/service/main.ts');
