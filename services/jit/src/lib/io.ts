// The io library as liolib.c has it, less popen: the three standard files (input: stdin.ts), files
// io.open opens through the host (luafile.ts), the default input and output that io.read, io.write and
// io.lines use (io.input, io.output), and the methods of a file.
import { addressOf } from '../vm/meta.ts';
import { fmtG, nanString } from '../vm/numfmt.ts';
import { LuaState, type FileFailure, type OpenMode } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LFloat, LuaUserdata, NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, argError, defineLib, luaError, typeError } from './args.ts';
import { ERRNO } from './errno.ts';
import { BAD_FD, FileData, fileResult, filesOf } from './luafile.ts';
import { Input } from './stdin.ts';

/** io.write prints floats with "%.14g" (no ".0" suffix, unlike tostring). */
function writeArgs(
  L: LuaState,
  self: string,
  args: LuaValue[],
  first: number,
  out: (s: string) => void,
): void {
  let s = '';
  for (let i = first; i < args.length; i++) {
    const v = args[i];
    if (typeof v === 'string') s += v;
    else if (typeof v === 'number') s += Number.isInteger(v) ? String(v) : g14(v);
    else if (typeof v === 'bigint') s += v.toString();
    else if (v instanceof LFloat) s += g14(v.n);
    else typeError(L, self, args, i + 1, 'string');
  }
  out(s);
}

function g14(x: number): string {
  if (x !== x) return nanString(x);
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return fmtG(x, 14);
}

/**
 * The name argument errors of a file's methods and iterators give when the call site names none
 * (pcall(io.stdout.write, 5)): lua5.4 looks for the function in the loaded libraries, where these are
 * not, and says '?'. Called from Lua code they take the call's name (`write`), as every native does.
 */
const UNNAMED = '?';

/** liolib.c's l_checkmode: [rwa]%+?b* (the "b" changes nothing here). */
function openMode(mode: string): OpenMode | undefined {
  const m = /^([rwa]\+?)b*$/.exec(mode);
  return m === null ? undefined : (m[1] as OpenMode);
}

/** A file userdata's stream: a standard one, or a file's bytes; closed once io.close or :close ran. */
interface Stream {
  std: 'in' | 'out' | 'err' | null;
  data: FileData | null;
  closed: boolean;
}

/** Each program's standard input, shared by io.read and loadfile(nil), keyed by its first state. */
const inputs = new WeakMap<LuaState, Input>();

export function standardInput(L: LuaState): Input {
  let input = inputs.get(L.root);
  if (input === undefined) inputs.set(L.root, (input = new Input(L.root.readInput)));
  return input;
}

/** The files each program has open, flushed when it ends (closeFiles), keyed by its first state. */
const openFiles = new WeakMap<LuaState, Set<FileData>>();

/** What lua.c's exit does for files still open (their buffers written): flushes each. */
export function closeFiles(L: LuaState): void {
  for (const data of openFiles.get(L.root) ?? []) data.flush();
  openFiles.delete(L.root);
}

export function openIo(L: LuaState): void {
  const IO = new LuaTable();
  const fileMeta = new LuaTable();
  const methods = new LuaTable();
  const streams = new WeakMap<LuaUserdata, Stream>();
  const input = standardInput(L);
  const open = new Set<FileData>();
  openFiles.set(L.root, open);

  const newFile = (std: Stream['std'], data: FileData | null): LuaUserdata => {
    const ud = new LuaUserdata(fileMeta);
    streams.set(ud, { std, data, closed: false });
    if (data !== null) open.add(data);
    return ud;
  };
  const stdout = newFile('out', null);
  const stderr = newFile('err', null);
  const stdin = newFile('in', null);
  /** The default input and output (the registry's _IO_input and _IO_output). */
  let defaultIn = stdin;
  let defaultOut = stdout;

  /** tolstream: a file's stream, or the lauxlib error for anything else. */
  const streamOf = (self: string, args: LuaValue[]): Stream => {
    const s = args[0] instanceof LuaUserdata ? streams.get(args[0]) : undefined;
    return s ?? typeError(L, self, args, 1, 'FILE*');
  };
  /** tofile: an open file's stream. */
  const openStream = (L: LuaState, self: string, args: LuaValue[]): Stream => {
    const s = streamOf(self, args);
    if (s.closed) luaError(L, 'attempt to use a closed file');
    return s;
  };
  const readFrom = (L: LuaState, s: Stream, self: string, args: LuaValue[], first: number): LuaValue[] => {
    if (s.data !== null) return s.data.read(L, self, args, first);
    return s.std === 'in' ? input.read(L, self, args, first) : BAD_FD;
  };
  const writeTo = (
    L: LuaState,
    f: LuaUserdata,
    s: Stream,
    self: string,
    args: LuaValue[],
    first: number,
  ): NativeResult => {
    if (s.std === 'in' || (s.data !== null && !s.data.writable)) return BAD_FD;
    writeArgs(
      L,
      self,
      args,
      first,
      s.data !== null ? (t) => s.data!.write(t) : s.std === 'err' ? L.writeErr : L.write,
    );
    return f;
  };
  const flush = (L: LuaState, s: Stream): NativeResult => {
    if (s.data === null) {
      L.flush();
      return true;
    }
    return fileResult(s.data.flush());
  };
  /** aux_close: a standard file stays open (io_noclose). */
  const close = (L: LuaState, s: Stream): NativeResult => {
    if (s.data === null) return [undefined, 'cannot close standard file'];
    s.closed = true;
    open.delete(s.data);
    return fileResult(s.data.flush());
  };
  /** getiofile: the default input's or output's stream, which must be open. */
  const defaultStream = (L: LuaState, f: LuaUserdata, which: string): Stream => {
    const s = streams.get(f)!;
    if (s.closed) luaError(L, `default ${which} file is closed`);
    return s;
  };
  /** opencheckfile: for io.input, io.output and io.lines given a name. */
  const openChecked = (L: LuaState, name: string, mode: OpenMode): LuaUserdata => {
    const f = openFile(name, mode);
    if (f instanceof LuaUserdata) return f;
    return luaError(L, `cannot open file '${name}' (${f.reason})`);
  };
  const openFile = (name: string, mode: OpenMode): LuaUserdata | FileFailure => {
    const host = filesOf(L);
    const bytes = host.open(name, mode);
    if (typeof bytes === 'string') return newFile(null, new FileData(bytes, (b) => host.save(name, b), mode));
    if (bytes.cannot === 'open') return bytes;
    return newFile(null, new FileData('', null, mode, { reason: bytes.reason, errno: bytes.errno }));
  };
  /** The iterator of io.lines and file:lines (io_readline): closes a file io.lines opened at its end. */
  const lines = (
    self: string,
    f: LuaUserdata,
    s: Stream,
    formats: LuaValue[],
    toClose: boolean,
  ): NativeFunction => {
    // liolib's aux_lines: at most MAXARGLINE (250) formats, blaming argument MAXARGLINE + 2
    if (formats.length > 250) argError(L, self, 252, 'too many arguments');
    const lines = new NativeFunction('lines', (L) => {
      if (s.closed) luaError(L, 'file is already closed');
      // io_readline reads with the formats at stack slots 2.., so the first is "argument #2"
      const r = readFrom(L, s, UNNAMED, [f, ...formats], 1);
      if (r[0] !== undefined && r[0] !== false) return r;
      if (r.length > 1 && r[1] !== undefined) luaError(L, String(r[1]));
      if (toClose) close(L, s);
      return [];
    });
    lines.holds = [f];
    return lines;
  };
  /** g_iofile: io.input's or io.output's default file, changed to the file or file name given. */
  const ioFile = (
    L: LuaState,
    self: string,
    args: LuaValue[],
    mode: OpenMode,
    current: LuaUserdata,
  ): LuaUserdata => {
    if (args[0] === undefined) return current;
    if (typeof args[0] === 'string' || typeof args[0] === 'number')
      return openChecked(L, new Args(L, self, args).string(1), mode);
    openStream(L, self, args);
    return args[0] as LuaUserdata;
  };

  fileMeta.set('__name', 'FILE*');
  fileMeta.set('__index', methods);
  // liolib's f_tostring: the address of the C FILE, here the userdata's own
  fileMeta.set(
    '__tostring',
    new NativeFunction('tostring', (L, args) =>
      streamOf(UNNAMED, args).closed ? 'file (closed)' : `file (${addressOf(L, args[0] as LuaUserdata)})`,
    ),
  );
  // f_gc, also the __close of a `local f <close> = io.open(...)`
  const gc = new NativeFunction('close', (L, args) => {
    const s = streamOf(UNNAMED, args);
    if (!s.closed && s.data !== null) close(L, s);
    return [];
  });
  fileMeta.set('__gc', gc);
  fileMeta.set('__close', gc);
  defineLib(L, methods, '', {
    write(L, args) {
      const s = openStream(L, UNNAMED, args);
      return writeTo(L, args[0] as LuaUserdata, s, UNNAMED, args, 1);
    },
    read(L, args) {
      return readFrom(L, openStream(L, UNNAMED, args), UNNAMED, args, 1);
    },
    lines(L, args) {
      return lines(UNNAMED, args[0] as LuaUserdata, openStream(L, UNNAMED, args), args.slice(1), false);
    },
    flush(L, args) {
      return flush(L, openStream(L, UNNAMED, args));
    },
    close(L, args) {
      return close(L, openStream(L, UNNAMED, args));
    },
    seek(L, args) {
      const s = openStream(L, UNNAMED, args);
      const a = new Args(L, UNNAMED, args);
      const whence = a.optString(2, 'cur');
      if (whence !== 'set' && whence !== 'cur' && whence !== 'end')
        return argError(L, UNNAMED, 2, `invalid option '${whence}'`);
      const offset = a.optIntN(3, 0);
      // a pipe or terminal, as the standard files are where lsjit and the tests run
      if (s.data === null) return fileResult(ERRNO.ESPIPE);
      const at = s.data.seek(whence, offset);
      return typeof at === 'number' ? at : fileResult(at);
    },
    setvbuf(L, args) {
      openStream(L, UNNAMED, args);
      const mode = new Args(L, UNNAMED, args).string(2);
      if (mode !== 'no' && mode !== 'full' && mode !== 'line')
        return argError(L, UNNAMED, 2, `invalid option '${mode}'`);
      return true;
    },
  });
  defineLib(L, IO, 'io.', {
    write(L, args) {
      return writeTo(L, defaultOut, defaultStream(L, defaultOut, 'output'), 'io.write', args, 0);
    },
    read(L, args) {
      return readFrom(L, defaultStream(L, defaultIn, 'input'), 'io.read', args, 0);
    },
    lines(L, args) {
      if (args[0] === undefined) {
        const s = openStream(L, 'io.lines', [defaultIn]);
        return lines('io.lines', defaultIn, s, args.slice(1), false);
      }
      const f = openChecked(L, new Args(L, 'io.lines', args).string(1), 'r');
      // the file is also the loop's to-be-closed variable, as lua5.4's io.lines returns it
      return [lines('io.lines', f, streams.get(f)!, args.slice(1), true), undefined, undefined, f];
    },
    open(L, args) {
      const a = new Args(L, 'io.open', args);
      const name = a.string(1);
      const mode = openMode(a.optString(2, 'r'));
      if (mode === undefined) return argError(L, 'io.open', 2, 'invalid mode');
      const f = openFile(name, mode);
      return f instanceof LuaUserdata ? f : fileResult(f, name);
    },
    close(L, args) {
      return close(L, openStream(L, 'io.close', args[0] === undefined ? [defaultOut] : args));
    },
    input(L, args) {
      return (defaultIn = ioFile(L, 'io.input', args, 'r', defaultIn));
    },
    output(L, args) {
      return (defaultOut = ioFile(L, 'io.output', args, 'w', defaultOut));
    },
    flush(L) {
      return flush(L, defaultStream(L, defaultOut, 'output'));
    },
    tmpfile() {
      return newFile(null, new FileData('', null, 'w+'));
    },
    type(L, args) {
      new Args(L, 'io.type', args).any(1);
      const s = args[0] instanceof LuaUserdata ? streams.get(args[0]) : undefined;
      return s === undefined ? undefined : s.closed ? 'closed file' : 'file';
    },
  });
  IO.set('stdout', stdout);
  IO.set('stderr', stderr);
  IO.set('stdin', stdin);
  L.globals.set('io', IO);
}
