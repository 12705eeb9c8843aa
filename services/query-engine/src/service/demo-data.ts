// A service started as a demo (by the control plane's demo set) brings its own data: the bundled queries
// read sales.csv, generated once, deterministically, into the data directory.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeSalesCsv } from '../gen/index.ts';

export const DEMO_FILE = 'sales.csv';

export function ensureDemoData(dataDir: string, rows: number): void {
  const path = join(dataDir, DEMO_FILE);
  if (existsSync(path)) return;
  mkdirSync(dataDir, { recursive: true });
  // Written aside and renamed, so a start killed half-way never leaves a truncated file behind.
  const tmp = `${path}.${process.pid}.tmp`;
  writeSalesCsv(tmp, { rows, seed: 42 });
  renameSync(tmp, path);
}
