// glibc's strerror text and the errno of the errors the io and os libraries report (liolib's and
// loslib's luaL_fileresult results), by the error's code name, as Node names it too.
import type { FileFailure } from '../vm/state.ts';

export const ERRNO = {
  EPERM: { reason: 'Operation not permitted', errno: 1 },
  ENOENT: { reason: 'No such file or directory', errno: 2 },
  EIO: { reason: 'Input/output error', errno: 5 },
  EBADF: { reason: 'Bad file descriptor', errno: 9 },
  EACCES: { reason: 'Permission denied', errno: 13 },
  EBUSY: { reason: 'Device or resource busy', errno: 16 },
  EEXIST: { reason: 'File exists', errno: 17 },
  EXDEV: { reason: 'Invalid cross-device link', errno: 18 },
  ENOTDIR: { reason: 'Not a directory', errno: 20 },
  EISDIR: { reason: 'Is a directory', errno: 21 },
  EINVAL: { reason: 'Invalid argument', errno: 22 },
  EMFILE: { reason: 'Too many open files', errno: 24 },
  ENOSPC: { reason: 'No space left on device', errno: 28 },
  ESPIPE: { reason: 'Illegal seek', errno: 29 },
  EROFS: { reason: 'Read-only file system', errno: 30 },
  ENAMETOOLONG: { reason: 'File name too long', errno: 36 },
  ENOTEMPTY: { reason: 'Directory not empty', errno: 39 },
  ELOOP: { reason: 'Too many levels of symbolic links', errno: 40 },
  EOPNOTSUPP: { reason: 'Operation not supported', errno: 95 },
} as const satisfies Record<string, FileFailure>;
