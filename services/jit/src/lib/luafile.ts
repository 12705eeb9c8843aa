// A file io.open opened: its bytes, read whole when it opened and written back whole when it is
// flushed or closed (or the program ends), with a position as a FILE*'s. Reading goes through
// stdin.ts's Input, as standard input's does.
import type { FileFailure, HostFiles, LuaState, OpenMode } from '../vm/state.ts';
import type { LuaValue } from '../vm/value.ts';
import { ERRNO } from './errno.ts';
import { Input } from './stdin.ts';

const { ENOENT } = ERRNO;
/** What a read from a file open only for writing returns, and a write to one open only for reading. */
export const BAD_FD: LuaValue[] = [undefined, ERRNO.EBADF.reason, ERRNO.EBADF.errno];

/** The files of a host that gives none (the HTTP service without `files`): nothing opens. */
const NO_FILES: HostFiles = {
  open: () => ({ cannot: 'open', ...ENOENT }),
  readable: () => false,
  save: () => ENOENT,
  remove: () => ENOENT,
  rename: () => ENOENT,
};

/**
 * lauxlib's luaL_fileresult: true when nothing failed, else fail, the reason (after "name: " when a
 * name is given) and the errno.
 */
export function fileResult(failure: FileFailure, name?: string): LuaValue[];
export function fileResult(failure: FileFailure | undefined, name?: string): true | LuaValue[];
export function fileResult(failure: FileFailure | undefined, name?: string): true | LuaValue[] {
  if (failure === undefined) return true;
  return [undefined, name === undefined ? failure.reason : `${name}: ${failure.reason}`, failure.errno];
}

export function filesOf(L: LuaState): HostFiles {
  return L.files ?? NO_FILES;
}

export class FileData extends Input {
  private dirty = false;
  /**
   * Writes at the end not yet joined to the bytes: a loop of small writes would otherwise make each
   * one a string node of its own (3 million `f:write` calls spent 1.6 s collecting them).
   */
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    bytes: string,
    /** Where flushes write to: null for io.tmpfile's, which has no name. */
    private readonly save: ((bytes: string) => FileFailure | undefined) | null,
    readonly mode: OpenMode,
    /** Why reading fails (a directory opens for "r", and reading it fails). */
    readonly unreadable: FileFailure | null = null,
  ) {
    super(() => bytes);
    this.data = bytes;
    // glibc opens "a" at the end, "a+" at the start (reads from there, writes at the end)
    this.pos = mode === 'a' ? bytes.length : 0;
  }

  /** The bytes, the pending writes joined to them. */
  protected override text(): string {
    if (this.pendingLength > 0) this.join();
    return super.text();
  }

  private join(): void {
    this.data = super.text() + this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
  }

  get readable(): boolean {
    return this.mode !== 'w' && this.mode !== 'a';
  }

  get writable(): boolean {
    return this.mode !== 'r';
  }

  override read(L: LuaState, self: string, args: LuaValue[], first: number): LuaValue[] {
    if (!this.readable) return BAD_FD;
    if (this.unreadable !== null) return fileResult(this.unreadable);
    return super.read(L, self, args, first);
  }

  /** fwrite: at the position (at the end in an append mode), past the end filling with NULs. */
  write(s: string): void {
    this.dirty = true;
    const end = super.text().length + this.pendingLength;
    if (this.mode === 'a' || this.mode === 'a+') this.pos = end;
    if (this.pos === end) {
      this.pending.push(s);
      this.pendingLength += s.length;
      this.pos += s.length;
      if (this.pendingLength > 1 << 16) this.join();
      return;
    }
    let d = this.text();
    if (this.pos > d.length) d += '\0'.repeat(this.pos - d.length);
    this.data = d.slice(0, this.pos) + s + d.slice(this.pos + s.length);
    this.pos += s.length;
  }

  /** fseek then ftell: the new position, or EINVAL for one before the start. */
  seek(whence: 'set' | 'cur' | 'end', offset: number): number | FileFailure {
    const from = whence === 'set' ? 0 : whence === 'cur' ? this.pos : this.text().length;
    if (from + offset < 0) return ERRNO.EINVAL;
    this.pos = from + offset;
    return this.pos;
  }

  /** fflush: writes the bytes back when they changed since the last flush. */
  flush(): FileFailure | undefined {
    if (!this.dirty || this.save === null) return undefined;
    this.dirty = false;
    return this.save(this.text());
  }
}
