// Plain JavaScript for a TypeScript entry, built with esbuild (tsx's own compiler) and kept in a cache
// directory under a hash of everything the build reads. Loading TypeScript through tsx transpiles every
// source at each start, in every thread: ~0.1-0.3 s and tens of MiB per process or worker, which a woken
// workload, a CLI run or a worker thread pays each time. Plain JavaScript (.mjs) so a launcher can use it
// before any TypeScript loader is registered.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
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
  const mine = new RegExp(`^${name}-[0-9a-f]+$`);
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (p === keep || !mine.test(entry)) continue;
    try {
      if (statSync(p).mtimeMs < cutoff) rmSync(p, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/**
 * The bundle is a directory: the entry, plus a chunk per dynamic import, so that what the sources load
 * lazily (apache-arrow behind a rarely used path, say) stays lazy in the bundle.
 */
export function cachedBundle({ entry, inputs, cacheDir, name, external = [], memoryFallback = true }) {
  const require = createRequire(import.meta.url);
  let dir;
  try {
    // esbuild's version from its package.json: loading esbuild itself is only needed to build
    const { version } = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8'));
    dir = join(cacheDir, `${name}-${inputsHash(inputs, version)}`);
    statSync(join(dir, 'entry.mjs'));
    return pathToFileURL(join(dir, 'entry.mjs'));
  } catch {
    if (dir === undefined) return null;
  }
  const out = '/bundle';
  let files;
  try {
    files = require('esbuild').buildSync({
      entryPoints: { entry },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external,
      splitting: true,
      outdir: out,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      write: false,
      logLevel: 'silent',
    }).outputFiles;
  } catch {
    // a source that does not compile: the caller's TypeScript loader reports it
    return null;
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    // built under a unique name and renamed: a concurrent process never sees half a bundle
    const part = `${dir}.${process.pid}.${Date.now()}`;
    mkdirSync(part);
    for (const f of files) writeFileSync(join(part, relative(out, f.path)), f.text);
    try {
      renameSync(part, dir);
    } catch (err) {
      // another process finished the same bundle first
      rmSync(part, { recursive: true, force: true });
      if (!existsSync(join(dir, 'entry.mjs'))) throw err;
    }
    removeStaleBundles(cacheDir, name, dir);
    return pathToFileURL(join(dir, 'entry.mjs'));
  } catch {
    // an unwritable cache directory: run a one-file bundle from memory, where nothing needs resolving from
    // the bundle's own place
    if (!memoryFallback || files.length !== 1) return null;
    return new URL(`data:text/javascript;base64,${Buffer.from(files[0].text).toString('base64')}`);
  }
}
