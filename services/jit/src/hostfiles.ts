// Files as io.open, loadfile, dofile, require and os.remove/os.rename see them (vm/state.ts's
// HostFiles): the host's file system, relative names taken from a working directory of the caller's
// choosing (the tests' corpus directory; the process's for lsjit), or files held in memory (the HTTP
// service's, which the run may change and which end with it).
import { closeSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { ERRNO } from './lib/index.ts';
import type { FileFailure, HostFiles } from './vm/index.ts';

/** ERRNO looked up by the code of a Node error, which may be one it does not hold. */
const ERRORS: Readonly<Record<string, FileFailure>> = ERRNO;
const { ENOENT, EISDIR } = ERRNO;

function failure(e: unknown): FileFailure {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return ERRORS[code] ?? { reason: (e as Error).message, errno: (e as NodeJS.ErrnoException).errno ?? 0 };
}

/** The host's file system; "" names no file, as with fopen (path.resolve would make it the directory). */
export function nodeFiles(cwd = process.cwd()): HostFiles {
  const at = (name: string): string => {
    if (name === '') throw Object.assign(new Error('empty file name'), { code: 'ENOENT' });
    return resolve(cwd, name);
  };
  const attempt = (op: () => void): FileFailure | undefined => {
    try {
      op();
      return undefined;
    } catch (e) {
      return failure(e);
    }
  };
  return {
    open(name, mode) {
      let fd: number;
      try {
        // Node's flags are fopen's modes
        fd = openSync(at(name), mode);
      } catch (e) {
        return { cannot: 'open', ...failure(e) };
      }
      try {
        if (mode === 'w' || mode === 'w+') return '';
        // "a" opens write-only; its bytes are read apart, and a file whose bytes cannot be read is not
        // opened (its flush writes them all back)
        if (mode === 'a') return readFileSync(at(name), 'latin1');
        return readFileSync(fd, 'latin1');
      } catch (e) {
        return { cannot: mode === 'r' ? 'read' : 'open', ...failure(e) };
      } finally {
        closeSync(fd);
      }
    },
    readable: (name) => attempt(() => closeSync(openSync(at(name), 'r'))) === undefined,
    save: (name, bytes) => attempt(() => writeFileSync(at(name), bytes, 'latin1')),
    // remove(3): unlink, or rmdir for a directory
    remove: (name) =>
      attempt(() => {
        try {
          unlinkSync(at(name));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
          rmdirSync(at(name));
        }
      }),
    rename: (from, to) => attempt(() => renameSync(at(from), at(to))),
  };
}

/**
 * Files given by name and content (the HTTP service's `files`), as a directory tree whose working
 * directory is its root: "./lib/x.lua" and "lib/x.lua" name the same file, "lib" is a directory
 * (it opens, and reading it fails as reading a directory does). The run may write, remove and rename
 * files; the map given is not changed.
 */
export function memoryFiles(files: Readonly<Record<string, string>>): HostFiles {
  const byPath = new Map<string, string>();
  const dirs = new Set<string>(['.']);
  const norm = (name: string): string => posix.normalize(name).replace(/(.)\/$/, '$1');
  const add = (path: string, text: string): void => {
    byPath.set(path, text);
    for (let d = posix.dirname(path); !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  };
  for (const [name, text] of Object.entries(files)) add(norm(name), text);
  /** A path where a file may be made: its directory exists and it is not one itself. */
  const creatable = (path: string): FileFailure | undefined =>
    dirs.has(path) ? EISDIR : dirs.has(posix.dirname(path)) ? undefined : ENOENT;
  return {
    open(name, mode) {
      if (name === '') return { cannot: 'open', ...ENOENT };
      const path = norm(name);
      const text = byPath.get(path);
      if (mode === 'r' || mode === 'r+') {
        if (text !== undefined) return text;
        if (!dirs.has(path)) return { cannot: 'open', ...ENOENT };
        return mode === 'r' ? { cannot: 'read', ...EISDIR } : { cannot: 'open', ...EISDIR };
      }
      const bad = creatable(path);
      if (bad !== undefined) return { cannot: 'open', ...bad };
      const kept = mode === 'a' || mode === 'a+' ? (text ?? '') : '';
      add(path, kept);
      return kept;
    },
    readable(name) {
      const path = norm(name);
      return name !== '' && (byPath.has(path) || dirs.has(path));
    },
    save(name, bytes) {
      const path = norm(name);
      const bad = creatable(path);
      if (bad === undefined) add(path, bytes);
      return bad;
    },
    remove(name) {
      const path = norm(name);
      if (byPath.delete(path)) return undefined;
      if (!dirs.has(path) || path === '.') return ENOENT;
      for (const p of [...byPath.keys(), ...dirs])
        if (p !== path && p.startsWith(path + '/')) return ERRNO.ENOTEMPTY;
      dirs.delete(path);
      return undefined;
    },
    rename(from, to) {
      const src = norm(from);
      const text = byPath.get(src);
      if (text === undefined) return dirs.has(src) ? ERRNO.EOPNOTSUPP : ENOENT;
      const dst = norm(to);
      const bad = creatable(dst);
      if (bad !== undefined) return bad;
      byPath.delete(src);
      add(dst, text);
      return undefined;
    },
  };
}
