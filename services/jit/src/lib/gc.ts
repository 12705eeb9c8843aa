// collectgarbage and warn, the basic library's two controls of the host. V8 collects garbage on its
// own terms: "collect" and "step" run lib/collect.ts's collection (weak tables, finalizers), and the
// other options keep lua5.4's answers without driving anything: "count" is V8's used heap, the modes
// and parameters are remembered and given back as lua5.4 gives them (its default mode as Debian
// builds it is generational; pause and step multiplier are stored in units of 4).
// warn writes "Lua warning: ..." to stderr once a program has turned warnings on with "@on", as lua.c
// does.
import { getHeapStatistics } from 'node:v8';
import type { LuaState } from '../vm/state.ts';
import { mkFloat, NativeFunction } from '../vm/value.ts';
import { Args, defineLib } from './args.ts';
import { fullCollect } from './collect.ts';

const OPTIONS = [
  'stop',
  'restart',
  'collect',
  'count',
  'step',
  'setpause',
  'setstepmul',
  'isrunning',
  'generational',
  'incremental',
];

export function openGc(L: LuaState): void {
  let running = true;
  let mode: 'generational' | 'incremental' = 'generational';
  // lgc.h's defaults, in lua5.4's stored units (a quarter of the percentages setpause shows)
  let pause = 200 / 4;
  let stepmul = 100 / 4;
  // the function itself, which the collection finds on the stack to know where the stack ends
  const self: { fn?: NativeFunction } = {};
  defineLib(L, L.globals, '', {
    collectgarbage(L, args) {
      const A = new Args(L, 'collectgarbage', args);
      const opt = args[0] === undefined ? 'collect' : A.string(1);
      if (!OPTIONS.includes(opt)) A.error(1, `invalid option '${opt}'`);
      const opt2 = (n: number): number => (args[n - 1] === undefined ? 0 : A.intN(n));
      switch (opt) {
        case 'count':
          return mkFloat(getHeapStatistics().used_heap_size / 1024);
        case 'step':
          // A step here is a whole collection (lua5.4's generational step is a young collection,
          // which finds what a program just dropped). lua5.4 answers whether it ended a cycle:
          // the incremental mode's does here; the generational mode never pauses, so never says so.
          fullCollect(L, self.fn!, args);
          return mode === 'incremental';
        case 'isrunning':
          return running;
        case 'stop':
        case 'restart':
          running = opt === 'restart';
          return 0;
        case 'setpause': {
          const old = pause;
          pause = Math.floor(opt2(2) / 4);
          return old * 4;
        }
        case 'setstepmul': {
          const old = stepmul;
          stepmul = Math.floor(opt2(2) / 4);
          return old * 4;
        }
        case 'generational':
        case 'incremental': {
          const old = mode;
          mode = opt;
          if (opt === 'incremental') {
            // a 0 (or absent) argument keeps the parameter
            const [p, m] = [opt2(2), opt2(3)];
            if (p !== 0) pause = Math.floor(p / 4);
            if (m !== 0) stepmul = Math.floor(m / 4);
          }
          return old;
        }
        case 'collect':
          fullCollect(L, self.fn!, args);
          return 0;
        default:
          return 0;
      }
    },
    warn(L, args) {
      const A = new Args(L, 'warn', args);
      const parts: string[] = [A.string(1)];
      for (let i = 2; i <= args.length; i++) parts.push(A.string(i));
      // A control message is one piece: "@on" or "@off" (any other "@..." is ignored).
      if (parts.length === 1 && parts[0]!.startsWith('@')) {
        if (parts[0] === '@on') L.root.gc.warnings = true;
        else if (parts[0] === '@off') L.root.gc.warnings = false;
        return [];
      }
      // a warning of several pieces is written whole
      if (L.root.gc.warnings) L.writeErr(`Lua warning: ${parts.join('')}\n`);
      return [];
    },
  });
  self.fn = L.globals.getStr('collectgarbage') as NativeFunction;
}
