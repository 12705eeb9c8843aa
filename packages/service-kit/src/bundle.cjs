// Plain JavaScript for a TypeScript entry, built with esbuild (tsx's own compiler) and kept in a cache
// directory under a hash of everything the build reads. Loading TypeScript through tsx transpiles every
// source at each start, in every thread: ~0.1-0.3 s and tens of MiB per process or worker, which a woken
// workload, a CLI run or a worker thread pays each time. CommonJS, so that a CommonJS launcher can
// require it synchronously (Node's ESM loader costs a CLI ~10 ms of its start); bundle.mjs re-exports it.
'use strict';
const { Buffer } = require('node:buffer');
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { join, relative } = require('node:path');
const { fileURLToPath, pathToFileURL } = require('node:url');

/** Every file under `inputs` (sorted, by path; node_modules left out), with its stat. */
function inputFiles(inputs) {
  const files = [];
  const add = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== 'node_modules') add(join(p, name));
    } else files.push({ path: p, st });
  };
  for (const p of inputs) add(p);
  return files;
}

/** Contents of every input file and the build's settings: an edit gives another name. */
function contentHash(files, build) {
  // Required here: node:crypto costs a few ms of a CLI's start, which the stat key usually spares.
  const h = require('node:crypto').createHash('sha256');
  h.update(`${build}\0`);
  for (const { path } of files) {
    h.update(`${path}\0`);
    h.update(readFileSync(path));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 24);
}

/**
 * What stat says of every input file (size, inode, modification and change times) and the build's
 * settings, hashed (FNV-1a, two lanes). The same key means no file was written since: a write sets the
 * change time, which no one can set back (see STAT_KEY_AGE_MS for the clock it comes from).
 */
function statKey(files, build) {
  let text = build;
  for (const { path, st } of files) text += `\0${path}\0${st.size}\0${st.ino}\0${st.mtimeMs}\0${st.ctimeMs}`;
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * A stat key is recorded only when every input was last changed at least this long ago. File times come
 * from the kernel's coarse clock (a few ms per tick), so a second write in the tick of the first could
 * leave size and times as they were; a write after the recording lands in a later tick.
 */
const STAT_KEY_AGE_MS = 2000;

/** Records that inputs with this stat key build the bundle in `dir` (best effort). */
function recordStatKey(cacheDir, name, key, files, dir, nowMs) {
  const newest = files.reduce((m, f) => Math.max(m, f.st.ctimeMs), 0);
  if (newest > nowMs - STAT_KEY_AGE_MS) return;
  try {
    const part = join(cacheDir, `${name}.stat-${key}.${process.pid}`);
    writeFileSync(part, relative(cacheDir, dir));
    renameSync(part, join(cacheDir, `${name}.stat-${key}`));
  } catch {
    // an unwritable cache: the content hash still finds the bundle
  }
}

/** The entry of the bundle recorded for this stat key, when it is still there. */
function lookupStatKey(cacheDir, name, key, entryName) {
  try {
    const dir = readFileSync(join(cacheDir, `${name}.stat-${key}`), 'utf8');
    const entry = join(cacheDir, dir, entryName);
    statSync(entry);
    return entry;
  } catch {
    return null;
  }
}

/** Bundles and stat keys left by earlier edits, unused for an hour (a running process has its bundle loaded). */
function removeStaleBundles(dir, name, keep) {
  const cutoff = Date.now() - 3_600_000;
  const mine = new RegExp(`^${name}(-|\\.stat-)[0-9a-f]+$`);
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
 * The bundle is a directory: the entry, plus (ESM only) a chunk per dynamic import, so that what the
 * sources load lazily (apache-arrow behind a rarely used path, say) stays lazy in the bundle. A CommonJS
 * bundle is one file, for a launcher to require.
 */
function cachedBundle({
  entry,
  inputs,
  cacheDir,
  name,
  external = [],
  memoryFallback = true,
  format = 'esm',
  now = Date.now,
}) {
  const cjs = format === 'cjs';
  const entryName = cjs ? 'entry.cjs' : 'entry.mjs';
  let dir;
  let key;
  let files;
  try {
    // esbuild's version from its package.json: loading esbuild itself is only needed to build
    const { version } = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8'));
    // what else decides the bundle's text: esbuild's version and the format
    const build = `${version}\0${format}`;
    files = inputFiles(inputs);
    key = statKey(files, build);
    const known = lookupStatKey(cacheDir, name, key, entryName);
    if (known !== null) return pathToFileURL(known);
    dir = join(cacheDir, `${name}-${contentHash(files, build)}`);
    statSync(join(dir, entryName));
    recordStatKey(cacheDir, name, key, files, dir, now());
    return pathToFileURL(join(dir, entryName));
  } catch {
    if (dir === undefined) return null;
  }
  const out = '/bundle';
  let built;
  try {
    built = require('esbuild').buildSync({
      entryPoints: { entry },
      bundle: true,
      format,
      platform: 'node',
      target: 'node20',
      external,
      splitting: !cjs,
      outdir: out,
      outExtension: { '.js': cjs ? '.cjs' : '.mjs' },
      chunkNames: 'chunk-[hash]',
      // CommonJS bundled into ESM (this kit's bundle.cjs, say) requires Node's builtins through
      // esbuild's shim, which needs a `require` in scope: an ESM bundle has none of its own (one run
      // from a data: URL resolves only builtins, from the root).
      banner: cjs
        ? {}
        : {
            js: "import { createRequire as __kitCreateRequire } from 'node:module';\nconst require = __kitCreateRequire(import.meta.url.startsWith('file:') ? import.meta.url : 'file:///');",
          },
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
    for (const f of built) writeFileSync(join(part, relative(out, f.path)), f.text);
    try {
      renameSync(part, dir);
    } catch (err) {
      // another process finished the same bundle first
      rmSync(part, { recursive: true, force: true });
      if (!existsSync(join(dir, entryName))) throw err;
    }
    removeStaleBundles(cacheDir, name, dir);
    recordStatKey(cacheDir, name, key, files, dir, now());
    return pathToFileURL(join(dir, entryName));
  } catch {
    // an unwritable cache directory: run a one-file ESM bundle from memory, where nothing needs
    // resolving from the bundle's own place (a CommonJS one cannot be required from a URL)
    if (cjs || !memoryFallback || built.length !== 1) return null;
    return new URL(`data:text/javascript;base64,${Buffer.from(built[0].text).toString('base64')}`);
  }
}

/**
 * Runs a CommonJS bundle of `entry` (cachedBundle with format 'cjs') as a module, compiled through
 * V8's code cache (codecache.cjs), and returns its exports; null when there is no bundle (the caller
 * then loads the TypeScript through tsx). One function for a launcher, so that it resolves one of
 * this package's exports: each costs a CLI ~5 ms of Node's package-exports resolution. `opts.warm`:
 * loadWithCodeCache's warm-up.
 */
function requireBundle(opts) {
  const url = cachedBundle({ ...opts, format: 'cjs' });
  if (url === null) return null;
  return require('./codecache.cjs').loadWithCodeCache(fileURLToPath(url), opts.warm).exports;
}

module.exports = { cachedBundle, requireBundle };
