// A float loop site's life (compiler/floatloop.ts): specialised on its first entry to the values it is
// entered with, and handed back to the dispatch loop when it is none or keeps leaving early.
import { Op } from '../compiler/opcodes.ts';
import { kindOf, specialise, type FloatLoop, type FloatLoopSite } from '../compiler/floatloop.ts';
import type { Proto } from '../compiler/proto.ts';
import type { LuaValue, UpVal } from './value.ts';

/** Instructions that write no R[A]. */
const NO_WRITE = new Set<number>([
  Op.SETTABLE,
  Op.SETUPVAL,
  Op.SETGLOBAL,
  Op.EQ,
  Op.LT,
  Op.LE,
  Op.JMP,
  Op.TEST,
  Op.SETLIST,
  Op.RETURN,
]);

/**
 * Specialisations a site may have: the first, then one for each set of kinds its live-ins were seen
 * with that the last one refused (n-body's sun has integer coordinates until its first step).
 */
const SPECIALISATIONS = 4;

/** Whether the site, whose float loop refused an entry, may be specialised again. */
export function mayRespecialise(site: FloatLoopSite): boolean {
  return site.specialisations < SPECIALISATIONS;
}

/**
 * A new float loop for the site, for the kinds its registers hold now as well as those it was
 * specialised to before (an integer then and a float now make a number of either kind). When there is
 * none, the site's loop stays as it was: null (the site is then given up), or the one before.
 */
export function specialiseSite(
  site: FloatLoopSite,
  p: Proto,
  upvals: UpVal[],
  s: LuaValue[],
  base: number,
): FloatLoop | null {
  const seen = site.seen;
  for (let r = 0; r < 256; r++) seen[r]! |= kindOf(s[base + r]);
  const before = site.loop;
  const code = p.code;
  site.specialisations++;
  const next = specialise(code, site.end, p.k, {
    kind: (r) => seen[r]!,
    // the function a CALL finds in its register: the upvalue the body last loaded there, or what the
    // register it was moved from holds on entry (a guess; the float interpreter checks it on every call)
    callee: (pc, fnReg) => {
      let r = fnReg;
      for (let q = pc - 1; q >= site.start; q--) {
        const ins = code[q]!;
        const op = ins & 63;
        if (((ins >>> 6) & 255) !== r || NO_WRITE.has(op)) continue;
        if (op === Op.MOVE) {
          r = (ins >>> 14) & 511;
          continue;
        }
        if (op !== Op.GETUPVAL) return undefined;
        const uv = upvals[(ins >>> 14) & 511];
        return uv === undefined ? undefined : uv.open ? uv.stack[uv.idx] : uv.value;
      }
      return s[base + r];
    },
  });
  if (next === null) {
    // none for the kinds seen so far: the first time, no float loop; later, the one there was stays,
    // refusing the entries it cannot take (runFloatLoop gives it up if they are many)
    if (before === null) giveUp(site, p);
    else site.specialisations = SPECIALISATIONS;
    return before;
  }
  if (before !== null) {
    next.entries = before.entries;
    next.laps = before.laps;
    next.refusals = before.refusals;
  }
  site.loop = next;
  return next;
}

/** Gives the loop its plain words back in `icode`, which the dispatch loop runs from now on. */
export function giveUp(site: FloatLoopSite, p: Proto): void {
  site.given = true;
  for (const [pc, w] of site.plain) p.icode[pc] = w;
}
