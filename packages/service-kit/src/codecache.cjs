// Requires a CommonJS file (an esbuild bundle from bundle.cjs) through V8's code cache. Node 20's
// `require` compiles a file from its source at every start: for lsjit's bundle (~360 KB) that is
// 10-12 ms of a ~60 ms CLI start, paid by every benchmark run and every process the platform wakes.
// Node 22's module.enableCompileCache does this for every module; Node 20 has only vm.Script's
// cachedData, which this wraps. The cache file sits beside the bundle: bundles are content-addressed,
// so the source under a cache never changes; V8 itself refuses a cache made by another V8 version or
// under other V8 flags (cachedDataRejected), and a refused cache is made again.
'use strict';
const { readFileSync, renameSync, writeFileSync, rmSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/**
 * Runs `file` as a CommonJS module and returns `{ exports, codeCache }`, where codeCache says what
 * happened to the cache: 'used' (V8 took it), 'written' (there was none, or V8 refused it, and one was
 * made from the functions compiled while the module's top level ran) or 'unwritable'.
 *
 * Made after the top level runs, not at exit: a program may change V8's flags while it runs (the JIT
 * does), and V8 takes a cache only under the flags it was made with. `warm(exports)`, when given, runs
 * before a cache is made (not when one is used): the functions it compiles go into the cache too, where
 * otherwise every start compiles them from source when first called. It must not change V8's flags;
 * an error it throws is ignored (the cache then holds what was compiled until then).
 */
function loadWithCodeCache(file, warm) {
  const cacheFile = `${file}.v8-code-cache`;
  let cached;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  // A hashbang line is legal only at the very start of a script: inside the wrapper it becomes a
  // comment (Node's loader strips it too), keeping the lines where they were.
  const source = readFileSync(file, 'utf8').replace(/^#!/, '//');
  // The wrapper of Node's own CommonJS loader: the module sees the same five names. The module object
  // has what esbuild's CommonJS output uses (exports); it is not a Module (no module.require, paths).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: file,
    cachedData: cached,
  });
  const mod = { exports: {}, filename: file, id: file };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  if (cached !== undefined && !script.cachedDataRejected) return { exports: mod.exports, codeCache: 'used' };
  if (warm !== undefined) {
    try {
      warm(mod.exports);
    } catch {
      // a warm-up only fills the cache
    }
  }
  const part = `${cacheFile}.${process.pid}`;
  try {
    // under another name first: a concurrent start never reads half a cache
    writeFileSync(part, script.createCachedData());
    renameSync(part, cacheFile);
    return { exports: mod.exports, codeCache: 'written' };
  } catch {
    rmSync(part, { force: true });
    return { exports: mod.exports, codeCache: 'unwritable' };
  }
}

module.exports = { loadWithCodeCache };
