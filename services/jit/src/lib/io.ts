// io.write, io.read and io.lines over the three standard files (input: stdin.ts).
import { addressOf } from '../vm/meta.ts';
import { fmtG, nanString } from '../vm/numfmt.ts';
import { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LFloat, LuaUserdata, NativeFunction, type LuaValue } from '../vm/value.ts';
import { Args, defineLib, luaError, typeError } from './args.ts';
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

/** What a read from an output file or a write to stdin returns (liolib.c's luaL_fileresult). */
const BAD_FD: LuaValue[] = [undefined, 'Bad file descriptor', 9];

/** Each program's standard input, shared by io.read and loadfile(nil), keyed by its first state. */
const inputs = new WeakMap<LuaState, Input>();

export function standardInput(L: LuaState): Input {
  let input = inputs.get(L.root);
  if (input === undefined) inputs.set(L.root, (input = new Input(L.root.readInput)));
  return input;
}

export function openIo(L: LuaState): void {
  const IO = new LuaTable();
  const fileMeta = new LuaTable();
  const methods = new LuaTable();
  fileMeta.set('__name', 'FILE*');
  fileMeta.set('__index', methods);
  // liolib's f_tostring: the address of the C FILE, here the userdata's own
  fileMeta.set(
    '__tostring',
    new NativeFunction('tostring', (L, args) => `file (${addressOf(L, file(UNNAMED, args))})`),
  );
  const stdout = new LuaUserdata(fileMeta);
  const stderr = new LuaUserdata(fileMeta);
  const stdin = new LuaUserdata(fileMeta);
  const input = standardInput(L);
  const isFile = (v: LuaValue): v is LuaUserdata => v === stdout || v === stderr || v === stdin;
  /** A method's self: one of the three files, or the lauxlib error for anything else. */
  const file = (self: string, args: LuaValue[]): LuaUserdata =>
    isFile(args[0]) ? args[0] : typeError(L, self, args, 1, 'FILE*');
  /** The iterator io.lines and file:lines return: reads with the given formats at each call. */
  const lines = (formats: LuaValue[]): NativeFunction =>
    // liolib's io_readline reads with the formats at stack slots 2.., so the first is "argument #2"
    new NativeFunction('lines', (L) => input.read(L, UNNAMED, [undefined, ...formats], 1));
  defineLib(L, methods, '', {
    write(L, args) {
      const f = file(UNNAMED, args);
      if (f === stdin) return BAD_FD;
      writeArgs(L, UNNAMED, args, 1, f === stderr ? L.writeErr : L.write);
      return f;
    },
    read(L, args) {
      return file(UNNAMED, args) === stdin ? input.read(L, UNNAMED, args, 1) : BAD_FD;
    },
    lines(L, args) {
      file(UNNAMED, args);
      return lines(args.slice(1));
    },
    flush(L, args) {
      file(UNNAMED, args);
      L.flush();
      return true;
    },
  });
  defineLib(L, IO, 'io.', {
    write(L, args) {
      writeArgs(L, 'io.write', args, 0, L.write);
      return stdout;
    },
    read(L, args) {
      return input.read(L, 'io.read', args, 0);
    },
    lines(L, args) {
      // io.lines(filename) opens a file: this implementation has no file system to give it.
      if (args[0] !== undefined) {
        const name = new Args(L, 'io.lines', args).string(1);
        luaError(L, `cannot open file '${name}' (lsjit reads standard input only)`);
      }
      return lines(args.slice(1));
    },
    flush(L) {
      L.flush();
      return true;
    },
    type(L, args) {
      new Args(L, 'io.type', args).any(1);
      return isFile(args[0]) ? 'file' : undefined;
    },
  });
  IO.set('stdout', stdout);
  IO.set('stderr', stderr);
  IO.set('stdin', stdin);
  L.globals.set('io', IO);
}
