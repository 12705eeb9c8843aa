// One plain JavaScript file for a TypeScript entry, built with esbuild (tsx's own compiler) and kept in the
// temp directory under a hash of everything the build reads. Loading TypeScript through tsx transpiles every
// source at each start, in every thread: ~0.1-0.3 s and tens of MiB per process or worker, which a woken
// workload, a CLI run or a worker thread pays each time. Plain JavaScript (.mjs) so a launcher can use it
// before any TypeScript loader is registered.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Contents of every file under `inputs` (sorted, by path) and esbuild's version: an edit gives another name. */
function inputsHash(inputs, esbuildVersion) {
  const h = createHash('sha256');
  h.update(`${esbuildVersion}\0`);
  const add = (p) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== 'node_modules') add(join(p, name));
    } else {
      h.update(`${p}\0`);
      h.update(readFileSync(p));
      h.update('\0');
    }
  };
  for (const p of inputs) add(p);
  return h.digest('hex').slice(0, 24);
}

/** Bundles left by earlier edits, unused for an hour (a process running one has it loaded already). */
function removeStaleBundles(dir, name, keep) {
  const cutoff = Date.now() - 3_600_000;
  const mine = new RegExp(`^${name}-[0-9a-f]+\\.mjs$`);
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (p === keep || !mine.test(entry)) continue;
    try {
      if (statSync(p).mtimeMs < cutoff) unlinkSync(p);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

export function cachedBundle({ entry, inputs, cacheDir, name, external = [] }) {
  let esbuild;
  let file;
  try {
    esbuild = createRequire(import.meta.url)('esbuild');
    file = join(cacheDir, `${name}-${inputsHash(inputs, esbuild.version)}.mjs`);
    statSync(file);
    return pathToFileURL(file);
  } catch {
    if (file === undefined) return null;
  }
  let code;
  try {
    code = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external,
      write: false,
      logLevel: 'silent',
    }).outputFiles[0].text;
  } catch {
    // a source that does not compile: the caller's TypeScript loader reports it
    return null;
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    // written under a unique name and renamed: a concurrent process never sees half a file
    const part = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(part, code);
    renameSync(part, file);
    removeStaleBundles(dirname(file), name, file);
    return pathToFileURL(file);
  } catch {
    // a read-only temp directory: run this process's bundle from memory
    return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  }
}
