// The JS locals that hold a trace's registers. A Lua register may hold an integer at one point of a
// tree and a boolean, a float or a table at another (a for loop's counter register reused for a
// flag in a side path). One JS `let` for all of them makes V8 merge their representations where the
// paths meet, at loop headers: a tagged phi, so integers are Smi-tagged, checked and untagged on
// every use and floats are boxed. Loop trees therefore give a register one local per representation
// class: integers, floats and everything else.
//
// The classes a register is used with are only known once the whole tree is generated, so the code
// refers to each (register, class) pair through a marker that `resolve` replaces afterwards: a
// register used with a single class keeps the plain name `r<n>`.
import { TT } from '../types.ts';

export type RepClass = 'i' | 'f' | 'r';

export const repClass = (t: TT): RepClass => (t === TT.INT ? 'i' : t === TT.FLT ? 'f' : 'r');

/** Never produced by anything else in generated code (JSON.stringify escapes control characters). */
const MARK = '\u0001';
const MARKED = new RegExp(`${MARK}(\\d+)([ifr])${MARK}`, 'g');

export class RegNames {
  private readonly classes = new Map<number, Set<RepClass>>();
  /** Registers some code refers to without a type: they keep one local for every class. */
  private readonly merged = new Set<number>();

  constructor(readonly split: boolean) {}

  /** Source for the local holding register v as a value of type t (null: type unknown here). */
  ref(v: number, t: TT | null): string {
    if (!this.split) return `r${v}`;
    if (t === null) this.merged.add(v);
    const c = t === null ? 'r' : repClass(t);
    let s = this.classes.get(v);
    if (s === undefined) {
      s = new Set();
      this.classes.set(v, s);
    }
    s.add(c);
    return `${MARK}${v}${c}${MARK}`;
  }

  /** Whether any code refers to register v as a value of type t. */
  used(v: number, t: TT): boolean {
    const s = this.classes.get(v);
    return s !== undefined && (this.merged.has(v) || s.has(repClass(t)));
  }

  private final(v: number, c: RepClass): string {
    return this.merged.has(v) || this.classes.get(v)!.size === 1 ? `r${v}` : `r${v}${c}`;
  }

  /** Every local referred to (split trees only). */
  locals(): string[] {
    const out = new Set<string>();
    const regs = [...this.classes.keys()].sort((x, y) => x - y);
    for (const v of regs) for (const c of this.classes.get(v)!) out.add(this.final(v, c));
    return [...out];
  }

  /** Replaces the markers in generated code by the locals' names. */
  resolve(code: string): string {
    if (!this.split) return code;
    return code.replace(MARKED, (_, v: string, c: RepClass) => this.final(Number(v), c));
  }
}
