// io.write / io.stdout and os.clock / os.time: just what benchmarks and tests print with.
import { fmtG, nanString } from '../vm/numfmt.ts';
import { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LFloat, mkFloat, type LuaValue } from '../vm/value.ts';
import { Args, defineLib, typeError } from './args.ts';

/** io.write prints floats with "%.14g" (no ".0" suffix, unlike tostring). */
function writeArgs(L: LuaState, self: string, args: LuaValue[], first: number): void {
  let s = '';
  for (let i = first; i < args.length; i++) {
    const v = args[i];
    if (typeof v === 'string') s += v;
    else if (typeof v === 'number') s += Number.isInteger(v) ? String(v) : g14(v);
    else if (typeof v === 'bigint') s += v.toString();
    else if (v instanceof LFloat) s += g14(v.n);
    else typeError(L, self, args, i + 1, 'string');
  }
  L.write(s);
}

function g14(x: number): string {
  if (x !== x) return nanString(x);
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return fmtG(x, 14);
}

export function openIo(L: LuaState): void {
  const IO = new LuaTable();
  const stdout = new LuaTable();
  const fileMeta = new LuaTable();
  const methods = new LuaTable();
  fileMeta.set('__name', 'FILE*');
  fileMeta.set('__index', methods);
  stdout.metatable = fileMeta;
  defineLib(L, methods, '', {
    write(L, args) {
      writeArgs(L, 'write', args, 1);
      return args[0];
    },
  });
  defineLib(L, IO, 'io.', {
    write(L, args) {
      writeArgs(L, 'io.write', args, 0);
      return stdout;
    },
  });
  IO.set('stdout', stdout);
  L.globals.set('io', IO);

  const OS = new LuaTable();
  defineLib(L, OS, 'os.', {
    clock() {
      const u = process.cpuUsage();
      return mkFloat((u.user + u.system) / 1e6);
    },
    time(L, args) {
      if (args[0] !== undefined) new Args(L, 'os.time', args).table(1);
      return Math.floor(Date.now() / 1000);
    },
  });
  L.globals.set('os', OS);
}
