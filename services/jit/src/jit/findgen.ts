// string.find(s, p [, init], plain) with a true `plain` argument as inline JavaScript: lstrlib's
// plain search is indexOf from the normalised start. The result types recorded decide which outcome
// stays in the trace (found: the positions; not found: nil); the other leaves before the call, and
// the interpreter re-runs it. Without `plain` the call goes through the library (callPure), which
// checks the pattern for magic characters.
import type { NativeCall } from './natives.ts';
import { TT } from './types.ts';

export function findInline(c: NativeCall): string | null {
  const t = c.targs;
  if (t.length !== 4 || t[0] !== TT.STR || t[1] !== TT.STR || (t[2] !== TT.INT && t[2] !== TT.NIL))
    return null;
  const [s, p, init, plain] = c.args as [string, string, string, string];
  let pre: string;
  if (t[3] === TT.BOOL) pre = `if (${plain} !== true) ${c.exit}\n`;
  else if (t[3] === TT.INT || t[3] === TT.FLT || t[3] === TT.STR || t[3] === TT.TAB || t[3] === TT.FUN)
    pre = '';
  else return null;
  const found = c.ts[0] === TT.INT;
  if (!found && c.ts[0] !== TT.NIL) return null;
  if (found && c.ts.length > 1 && c.ts[1] !== TT.INT) return null;
  if (c.ts.slice(found ? 2 : 1).some((x) => x !== TT.NIL)) return null;
  // lstrlib's posrelatI, then the search.
  const at =
    t[2] === TT.NIL
      ? '1'
      : `(${init} > 0 ? ${init} : ${init} === 0 || ${init} < -${s}.length ? 1 : ${s}.length + ${init} + 1)`;
  pre += `u = ${at}; t = u > ${s}.length + 1 ? -1 : ${s}.indexOf(${p}, u - 1);\n`;
  const nils = (from: number): string[] => c.dsts.slice(from).map((d) => `${d} = undefined;`);
  if (!found) return `${pre}if (t >= 0) ${c.exit}\n${nils(0).join(' ')}`;
  const stores = [`${c.dsts[0]!} = t + 1;`];
  if (c.dsts.length > 1) stores.push(`${c.dsts[1]} = t + ${p}.length;`);
  return `${pre}if (t < 0) ${c.exit}\n${[...stores, ...nils(2)].join(' ')}`;
}
