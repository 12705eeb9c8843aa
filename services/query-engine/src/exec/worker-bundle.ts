// The worker's code. Loading it through tsx (worker-entry.mjs) costs every thread its own loader-hooks
// thread and TypeScript compile: ~60 MiB RSS and ~0.2 s CPU per worker. So the worker is bundled into
// plain JavaScript with esbuild (tsx's own compiler), and the bundle is kept in the temp directory under
// a name derived from the sources' sizes and times, so only the first process after a change pays for
// the build (~50 ms, on the critical path of the first query). Without esbuild, tsx it is.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const srcDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Changes whenever a source file the bundle could include is added, removed or edited. */
function sourcesStamp(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const st = statSync(p);
        h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(srcDir);
  return h.digest('hex').slice(0, 16);
}

/**
 * Every edit of the sources leaves a bundle behind; those not touched for an hour go when a new one is
 * written (a process still running an old one has it loaded already).
 */
function removeStaleBundles(dir: string, keep: string): void {
  const cutoff = Date.now() - 3_600_000;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (p === keep || !/^worker-[0-9a-f]+\.mjs$/.test(name)) continue;
    try {
      if (statSync(p).mtimeMs < cutoff) unlinkSync(p);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

export function workerEntry(): URL {
  let code: string;
  let file: string | undefined;
  try {
    file = join(tmpdir(), 'lightswitch-query-engine', `worker-${sourcesStamp()}.mjs`);
    if (existsSync(file)) return pathToFileURL(file);
  } catch {
    file = undefined;
  }
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    code = esbuild.buildSync({
      entryPoints: [join(srcDir, 'exec', 'worker.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    }).outputFiles[0]!.text;
  } catch {
    return new URL('./worker-entry.mjs', import.meta.url);
  }
  if (file !== undefined)
    try {
      mkdirSync(dirname(file), { recursive: true });
      // written under a unique name and renamed: a concurrent process never sees half a file
      const part = `${file}.${process.pid}.${Date.now()}`;
      writeFileSync(part, code);
      renameSync(part, file);
      removeStaleBundles(dirname(file), file);
      return pathToFileURL(file);
    } catch {
      // a read-only temp directory: run this process's bundle from memory
    }
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
