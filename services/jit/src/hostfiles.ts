// Files as loadfile, dofile and require read them (vm/state.ts's HostFiles): the host's file system,
// relative names taken from a working directory of the caller's choosing (the tests' corpus
// directory; the process's for lsjit), or files held in memory (the HTTP service's).
import { closeSync, openSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import type { HostFiles } from './vm/index.ts';

/** strerror's text for the errors opening or reading a file gives (glibc's wording). */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  EIO: 'Input/output error',
};

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return STRERROR[code] ?? (e as Error).message;
}

/** Opens as fopen(name, "r") does: "" names no file (path.resolve would make it the directory). */
function open(cwd: string, name: string): number {
  if (name === '') throw Object.assign(new Error('empty file name'), { code: 'ENOENT' });
  return openSync(resolve(cwd, name), 'r');
}

export function nodeFiles(cwd = process.cwd()): HostFiles {
  return {
    read(name) {
      let fd: number;
      try {
        fd = open(cwd, name);
      } catch (e) {
        return { cannot: 'open', reason: reason(e) };
      }
      try {
        return readFileSync(fd, 'latin1');
      } catch (e) {
        return { cannot: 'read', reason: reason(e) };
      } finally {
        closeSync(fd);
      }
    },
    readable(name) {
      try {
        closeSync(open(cwd, name));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Files given by name and content (the HTTP service's `files`), as a directory tree whose working
 * directory is its root: "./lib/x.lua" and "lib/x.lua" name the same file, "lib" is a directory
 * (it opens, and reading it fails as reading a directory does).
 */
export function memoryFiles(files: Readonly<Record<string, string>>): HostFiles {
  const byPath = new Map<string, string>();
  const dirs = new Set<string>(['.']);
  for (const [name, text] of Object.entries(files)) {
    const path = posix.normalize(name);
    byPath.set(path, text);
    for (let d = posix.dirname(path); !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  }
  /** The file or directory a name opens ("" opens nothing, as with fopen). */
  const find = (name: string): { text: string } | 'dir' | undefined => {
    if (name === '') return undefined;
    const path = posix.normalize(name).replace(/(.)\/$/, '$1');
    const text = byPath.get(path);
    return text !== undefined ? { text } : dirs.has(path) ? 'dir' : undefined;
  };
  return {
    read(name) {
      const found = find(name);
      if (found === undefined) return { cannot: 'open', reason: STRERROR['ENOENT']! };
      return found === 'dir' ? { cannot: 'read', reason: STRERROR['EISDIR']! } : found.text;
    },
    readable: (name) => find(name) !== undefined,
  };
}
