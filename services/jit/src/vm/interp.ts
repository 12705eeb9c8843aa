// The dispatch loop. One JS invocation runs Lua-to-Lua calls and returns without recursing (frames
// are CallInfo records over one shared value stack); it returns when the frame it was entered for
// returns. Case labels are numeric literals so V8 compiles the switch to a jump table; the
// opcode numbers are pinned by a unit test against the Op enum.
import { Fault, LuaError } from '../errors/index.ts';
import { argA, argB, argC, Op, opOf } from '../compiler/opcodes.ts';
import { ArithOp, floatMod, luaPow } from './arith.ts';
import { variableName, varInfo } from './debug.ts';
import { forLoop, forPrep, intForCount } from './forloop.ts';
import { runFloatLoop } from './floatloop.ts';
import { finishMeta } from './finish.ts';
import { closeYieldable, YIELDED } from './coroutine.ts';
import { flat } from './flatstr.ts';
import {
  arith,
  concat,
  ConcatFault,
  equals,
  index,
  lessEqual,
  lessThan,
  length,
  metafield,
  checkKey,
  setIndex,
} from './meta.ts';
import { CallInfo, hostErrorMessage, LuaState, objTypeName, RAISED } from './state.ts';
import { getField, setField } from './fieldcache.ts';
import { LuaTable } from './table.ts';
import { LFloat, LuaClosure, mkFloat, NativeFunction, UpVal, type LuaValue } from './value.ts';
import { intAdd, intMul, intSub } from './arith.ts';
import { FADD, FGETFIELD, FUSED_OFFSET } from '../compiler/fuse.ts';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A number the float fast paths can take: a plain JS number or an integral-float box. */
function isFlt(v: LuaValue): v is number | LFloat {
  return typeof v === 'number' || v instanceof LFloat;
}
function fv(v: number | LFloat): number {
  return typeof v === 'number' ? v : v.n;
}

/**
 * Calls a native; what it raises reaches run's catch with L.cdepth still 1 (see there). True when the
 * native left the loop by returning: coroutine.yield yielding (vm/coroutine.ts yieldFrom), or `error`
 * or `assert` raising (state.ts raiseFromNative, L.raised); no results go in.
 */
function callNative(L: LuaState, f: NativeFunction, fidx: number, nargs: number, want: number): boolean {
  const s = L.stack;
  const args = nargs === 0 ? [] : s.slice(fidx + 1, fidx + 1 + nargs);
  L.cdepth = 1; // Lua frames run at cdepth 0
  L.nativeAt = fidx;
  const r = f.fn(L, args);
  L.nativeAt = -1;
  L.cdepth = 0;
  if (Array.isArray(r)) {
    if (r === YIELDED || r === RAISED) return true;
    const n = r.length;
    if (want < 0) {
      if (fidx + n >= s.length) L.ensureStack(fidx + n + 1);
      for (let j = 0; j < n; j++) s[fidx + j] = r[j];
      L.top = fidx + n;
    } else {
      for (let j = 0; j < want; j++) s[fidx + j] = j < n ? r[j] : undefined;
    }
  } else {
    s[fidx] = r;
    if (want < 0) L.top = fidx + 1;
    else for (let j = 1; j < want; j++) s[fidx + j] = undefined;
  }
  return false;
}

/** Replaces a non-function at fidx by its __call handler, shifting the arguments up by one. */
function resolveCallable(L: LuaState, fidx: number, nargs: number): LuaValue {
  const s = L.stack;
  let fn = s[fidx];
  for (let loop = 0; loop < 100; loop++) {
    const h = metafield(L, fn, '__call');
    if (h === undefined) {
      throw new Fault(`attempt to call a ${objTypeName(fn)} value`, loop === 0 ? 'A' : 'none', loop === 0);
    }
    L.ensureStack(fidx + nargs + 3);
    for (let j = fidx + nargs; j >= fidx; j--) s[j + 1] = s[j];
    s[fidx] = h;
    nargs++;
    fn = h;
    if (fn instanceof LuaClosure || fn instanceof NativeFunction) {
      L.top = fidx + nargs + 1;
      return fn;
    }
  }
  throw new Fault("'__call' chain too long; possible loop");
}

/** A loop's counter reached zero at its header `pc`: the JIT records or runs it; returns where to go on. */
function hotLoop(L: LuaState, ci: CallInfo, pc: number): number {
  ci.pc = pc;
  L.jit!.onLoop(L, ci);
  return ci.pc;
}

function convertError(ci: CallInfo, pc: number, e: unknown): unknown {
  if (e instanceof LuaError) return e;
  const p = ci.closure!.proto;
  const at = Math.max(pc - 1, 0);
  const where = `${p.source}:${p.lines[at]}: `;
  if (e instanceof Fault) {
    let msg = e.message;
    if (e.withVarInfo) {
      const ins = p.code[at]!;
      let reg = -1;
      if (e instanceof ConcatFault) reg = e.slot - ci.base;
      else if (e.blame === 'A') reg = argA(ins);
      else if (e.blame === 'B') reg = argB(ins);
      else if (e.blame === 'C') reg = argC(ins);
      let vi = '';
      if (opOf(ins) === Op.TFORCALL && e.blame === 'A') vi = " (for iterator 'for iterator')";
      else if (reg >= 0 && reg < 256) vi = varInfo(p, at, reg);
      else if (reg >= 256 && typeof p.k[reg - 256] === 'string')
        vi = ` (constant '${p.k[reg - 256] as string}')`;
      msg = e.varInfoAt < 0 ? msg + vi : msg.slice(0, e.varInfoAt) + vi + msg.slice(e.varInfoAt);
    }
    return new LuaError(where + msg);
  }
  const host = hostErrorMessage(e);
  if (host === 'stack overflow') return new LuaError(where + host);
  // lua5.4's memory error carries no position
  if (host !== undefined) return new LuaError(host);
  return e;
}

/**
 * Runs the current frame until the frame it was entered for returns. Errors leave through the throw
 * here, not one inside `run`: V8 finds a throw's source position by scanning the throwing function's
 * position table from its start, and run's optimised code is so large that each throw from it took
 * ~15 us (a pcall loop whose callee raised every tenth time ran 14x slower than lua5.4).
 */
export function execute(L: LuaState): void {
  L.runs++;
  let e: unknown;
  try {
    e = run(L);
  } finally {
    L.runs--;
  }
  if (e !== undefined) throw e;
}

/** execute for LuaState.callCaught: the error that stopped the loop, returned (undefined if none). */
export function executeCaught(L: LuaState): unknown {
  L.runs++;
  try {
    return run(L);
  } finally {
    L.runs--;
  }
}

/** Closes upvalues and then `<close>` variables at or above level (a JMP that leaves a block, CLOSE). */
function closeLevel(L: LuaState, ci: CallInfo, pc: number, level: number): void {
  L.closeUpvals(level);
  const tbc = L.tbc;
  if (tbc.length !== 0 && tbc[tbc.length - 1]! >= level) {
    ci.pc = pc;
    // above L.top too: a CLOSE before a RETURN of results "to top" keeps them (compiler's returnStat).
    // In a coroutine a __close may yield; the instruction then runs again, closing the others.
    L.closeTbc(level, undefined, L.top, (fn, args) => closeYieldable(L, fn, args));
  }
}

/** The dispatch loop; returns the error that stopped it, positioned, or undefined. */
function run(L: LuaState): unknown {
  let ci = L.ci;
  let cl = ci.closure!;
  let p = cl.proto;
  let k = p.k;
  let upvals: UpVal[] = cl.upvals;
  // Loop back-edge counters: null unless the tracing JIT is on, so counting costs one test.
  let hc = p.hotcounts;
  // Superinstructions only without the JIT, which records from `code` (compiler/fuse.ts).
  let code = hc === null ? p.icode : p.code;
  let base = ci.base;
  let pc = ci.pc;
  const stack = L.stack;
  try {
    if (L.metaDone !== null) {
      finishMeta(L, ci);
      pc = ci.pc;
    }
    for (;;) {
      const i = code[pc++]!;
      const a = (i >>> 6) & 255;
      switch (i & 63) {
        case 0: // MOVE
          stack[base + a] = stack[base + ((i >>> 14) & 511)];
          break;
        case 1: // LOADK
          stack[base + a] = k[i >>> 14];
          break;
        case 2: // LOADBOOL
          stack[base + a] = ((i >>> 14) & 511) !== 0;
          if (i >>> 23 !== 0) pc++;
          break;
        case 3: {
          // LOADNIL
          const last = base + a + ((i >>> 14) & 511);
          for (let r = base + a; r <= last; r++) stack[r] = undefined;
          break;
        }
        case 4: {
          // GETUPVAL
          const uv = upvals[(i >>> 14) & 511]!;
          stack[base + a] = uv.open ? uv.stack[uv.idx] : uv.value;
          break;
        }
        case 5: {
          // SETUPVAL
          const uv = upvals[(i >>> 14) & 511]!;
          if (uv.open) uv.stack[uv.idx] = stack[base + a];
          else uv.value = stack[base + a];
          break;
        }
        case 6: {
          // GETGLOBAL
          const g = L.globals;
          const name = k[i >>> 14] as string;
          let v = g.shape === p.icShape[pc - 1] ? g.slots[p.icSlot[pc - 1]!] : getField(p, pc - 1, g, name);
          if (v === undefined && g.metatable !== null) {
            ci.pc = pc;
            v = index(L, g, name, 'none');
          }
          stack[base + a] = v;
          break;
        }
        case 7: {
          // SETGLOBAL
          const g = L.globals;
          if (g.metatable === null) {
            if (g.shape === p.icShape[pc - 1] && p.icNext[pc - 1] === null)
              g.setSlot(p.icSlot[pc - 1]!, stack[base + a]);
            else setField(p, pc - 1, g, k[i >>> 14] as string, stack[base + a]);
          } else {
            ci.pc = pc;
            setIndex(L, g, k[i >>> 14], stack[base + a], 'none');
          }
          break;
        }
        case 8: {
          // GETTABLE
          const t = stack[base + ((i >>> 14) & 511)];
          const c = i >>> 23;
          const key = c >= 256 ? k[c - 256] : stack[base + c];
          if (t instanceof LuaTable) {
            let v: LuaValue;
            if (typeof key === 'string') {
              if (c < 256) v = t.getStr(key);
              else if (t.shape === p.icShape[pc - 1]) v = t.slots[p.icSlot[pc - 1]!];
              else if (t.shape === p.icFloat[pc - 1]) {
                // A float slot (shape.ts): an integral number there is a float. LuaTable.slot by hand:
                // calling it here and in the fused read cost --no-jit n-body 3.3% more instructions.
                v = t.slots[p.icSlot[pc - 1]!];
                if (Number.isInteger(v)) v = mkFloat(v as number);
              } else v = getField(p, pc - 1, t, key);
            } else if (typeof key === 'number' && key >= 1 && key <= t.arr.length && Number.isInteger(key)) {
              v = t.arr[key - 1];
            } else v = t.get(key);
            if (v === undefined && t.metatable !== null) {
              ci.pc = pc;
              v = index(L, t, key, 'B');
            }
            stack[base + a] = v;
          } else {
            ci.pc = pc;
            stack[base + a] = index(L, t, key, 'B');
          }
          break;
        }
        case 9: {
          // SETTABLE
          const t = stack[base + a];
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const key = b >= 256 ? k[b - 256] : stack[base + b];
          const val = c >= 256 ? k[c - 256] : stack[base + c];
          if (t instanceof LuaTable && t.metatable === null) {
            if (typeof key === 'string') {
              if (b >= 256 && t.shape === p.icShape[pc - 1] && p.icNext[pc - 1] === null) {
                // Float64Array slots take only some values (vm/slots.ts).
                const s = t.slots;
                if (s instanceof Float64Array) t.setSlot(p.icSlot[pc - 1]!, val);
                else s[p.icSlot[pc - 1]!] = val;
              } else if (b >= 256 && t.shape === p.icFloat[pc - 1]) {
                // A float slot takes a non-integral float as it is, in either kind of slots array. A NaN
                // takes setSlot's way, which stores it as it is too: without `val === val` here V8 made
                // of run code that took 7% more instructions on --no-jit n-body.
                if (typeof val === 'number' && val === val && !Number.isInteger(val))
                  t.slots[p.icSlot[pc - 1]!] = val;
                else t.setSlot(p.icSlot[pc - 1]!, val);
              } else if (b >= 256) setField(p, pc - 1, t, key, val);
              else t.setStr(key, val);
            } else if (typeof key === 'number' && Number.isInteger(key)) t.setInt(key, val);
            else {
              checkKey(key);
              t.set(key, val);
            }
          } else {
            ci.pc = pc;
            setIndex(L, t, key, val, 'A');
          }
          break;
        }
        case 10: // NEWTABLE
          stack[base + a] = new LuaTable();
          break;
        case 11: {
          // SELF
          const obj = stack[base + ((i >>> 14) & 511)];
          const c = i >>> 23;
          const key = c >= 256 ? k[c - 256] : stack[base + c];
          stack[base + a + 1] = obj;
          let v: LuaValue;
          if (obj instanceof LuaTable) {
            if (c < 256) v = obj.get(key);
            else
              v =
                obj.shape === p.icShape[pc - 1]
                  ? obj.slots[p.icSlot[pc - 1]!]
                  : getField(p, pc - 1, obj, key);
            if (v === undefined && obj.metatable !== null) {
              ci.pc = pc;
              v = index(L, obj, key, 'B');
            }
          } else {
            ci.pc = pc;
            v = index(L, obj, key, 'B');
          }
          stack[base + a] = v;
          break;
        }
        case 12: {
          // ADD
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          if (typeof x === 'number' && typeof y === 'number') {
            // Int32 operands (never -0: integers are not) get their own `+`, whose type feedback lets
            // V8 add them as small integers; the other `+` then only sees floats and big integers.
            if ((x | 0) === x && (y | 0) === y) {
              stack[base + a] = x + y;
              break;
            }
            const r = x + y;
            // Safe integers never make a non-integral result (nor NaN, inf): that test alone settles
            // the common float case.
            if (!Number.isInteger(r)) stack[base + a] = r;
            else if (Number.isInteger(x) && Number.isInteger(y)) {
              stack[base + a] = r <= MAX_SAFE && r >= -MAX_SAFE ? r : intAdd(x, y);
            } else stack[base + a] = mkFloat(r);
          } else if (isFlt(x) && isFlt(y)) {
            // Integral floats (LFloat boxes) take part: the result is a float.
            stack[base + a] = mkFloat(fv(x) + fv(y));
          } else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.ADD, x, y);
          }
          break;
        }
        case 13: {
          // SUB
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          if (typeof x === 'number' && typeof y === 'number') {
            if ((x | 0) === x && (y | 0) === y) {
              stack[base + a] = x - y; // as in ADD
              break;
            }
            const r = x - y;
            if (!Number.isInteger(r)) stack[base + a] = r;
            else if (Number.isInteger(x) && Number.isInteger(y)) {
              stack[base + a] = r <= MAX_SAFE && r >= -MAX_SAFE ? r : intSub(x, y);
            } else stack[base + a] = mkFloat(r);
          } else if (isFlt(x) && isFlt(y)) {
            // Integral floats (LFloat boxes) take part: the result is a float.
            // lua5.4 compiles `x - 0` as `x + 0` (OP_ADDI, the constant negated): -0.0 - 0 is 0.0 there
            const r = fv(x) - fv(y);
            stack[base + a] = mkFloat(c >= 256 && y === 0 ? r + 0 : r);
          } else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.SUB, x, y);
          }
          break;
        }
        case 14: {
          // MUL
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          if (typeof x === 'number' && typeof y === 'number') {
            const r = x * y;
            if (!Number.isInteger(r)) stack[base + a] = r;
            else if (Number.isInteger(x) && Number.isInteger(y)) {
              stack[base + a] = r <= MAX_SAFE && r >= -MAX_SAFE ? r + 0 : intMul(x, y);
            } else stack[base + a] = mkFloat(r);
          } else if (isFlt(x) && isFlt(y)) {
            // Integral floats (LFloat boxes) take part: the result is a float.
            stack[base + a] = mkFloat(fv(x) * fv(y));
          } else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.MUL, x, y);
          }
          break;
        }
        case 15: {
          // DIV
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          if (typeof x === 'number' && typeof y === 'number') {
            const r = x / y;
            stack[base + a] = Number.isInteger(r) ? mkFloat(r) : r;
          } else if (isFlt(x) && isFlt(y)) {
            // Integral floats (LFloat boxes) take part: the result is a float.
            stack[base + a] = mkFloat(fv(x) / fv(y));
          } else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.DIV, x, y);
          }
          break;
        }
        case 16: {
          // MOD
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          if (typeof x === 'number' && typeof y === 'number' && y !== 0) {
            if (Number.isInteger(x) && Number.isInteger(y)) {
              let r = x % y;
              if (r !== 0 && r < 0 !== y < 0) r += y;
              stack[base + a] = r + 0;
            } else {
              stack[base + a] = mkFloat(floatMod(x, y));
            }
          } else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.MOD, x, y);
          }
          break;
        }
        case 17: {
          // POW
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          if (typeof x === 'number' && typeof y === 'number') stack[base + a] = mkFloat(luaPow(x, y));
          else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.POW, x, y);
          }
          break;
        }
        case 18: {
          // IDIV
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          if (typeof x === 'number' && typeof y === 'number' && y !== 0) {
            const r = Math.floor(x / y);
            stack[base + a] = Number.isInteger(x) && Number.isInteger(y) ? r + 0 : mkFloat(r);
          } else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.IDIV, x, y);
          }
          break;
        }
        case 19: // BAND
        case 20: // BOR
        case 21: {
          // BXOR
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          const op = i & 63;
          if (typeof x === 'number' && typeof y === 'number' && (x | 0) === x && (y | 0) === y) {
            stack[base + a] = op === 19 ? x & y : op === 20 ? x | y : x ^ y;
          } else {
            ci.pc = pc;
            stack[base + a] = arith(
              L,
              op === 19 ? ArithOp.BAND : op === 20 ? ArithOp.BOR : ArithOp.BXOR,
              x,
              y,
            );
          }
          break;
        }
        case 22: // SHL
        case 23: {
          // SHR
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          ci.pc = pc;
          stack[base + a] = arith(L, (i & 63) === 22 ? ArithOp.SHL : ArithOp.SHR, x, y);
          break;
        }
        case 24: {
          // UNM
          const x = stack[base + ((i >>> 14) & 511)];
          if (typeof x === 'number') stack[base + a] = Number.isInteger(x) ? 0 - x : -x;
          else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.UNM, x, x);
          }
          break;
        }
        case 25: {
          // BNOT
          const x = stack[base + ((i >>> 14) & 511)];
          if (typeof x === 'number' && (x | 0) === x) stack[base + a] = ~x;
          else {
            ci.pc = pc;
            stack[base + a] = arith(L, ArithOp.BNOT, x, x);
          }
          break;
        }
        case 26: {
          // NOT
          const x = stack[base + ((i >>> 14) & 511)];
          stack[base + a] = x === undefined || x === false;
          break;
        }
        case 27: {
          // LEN
          const x = stack[base + ((i >>> 14) & 511)];
          if (typeof x === 'string') stack[base + a] = x.length;
          else if (x instanceof LuaTable && x.metatable === null) stack[base + a] = x.arr.length;
          else {
            ci.pc = pc;
            stack[base + a] = length(L, x);
          }
          break;
        }
        case 28: {
          // CONCAT
          const b = base + ((i >>> 14) & 511);
          const c = base + (i >>> 23);
          const x = stack[b];
          const y = stack[c];
          if (c === b + 1 && typeof x === 'string' && typeof y === 'string') stack[base + a] = flat(x + y);
          else {
            ci.pc = pc;
            stack[base + a] = concat(L, stack, b, c);
          }
          break;
        }
        case 29: // JMP
          if (a !== 0) closeLevel(L, ci, pc, base + a - 1);
          pc += (i >>> 14) - 131071;
          break;
        case 30: // JMPBACK (loop back-edge)
          if (a !== 0) closeLevel(L, ci, pc, base + a - 1);
          pc += (i >>> 14) - 131071;
          if (hc !== null && (hc[pc] = hc[pc]! - 1) === 0) pc = hotLoop(L, ci, pc);
          break;
        case 31: {
          // EQ
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          // Only boxes (integral floats, tables with __eq) can be equal without being identical.
          let r = x === y;
          if (!r && (typeof x === 'object' || typeof y === 'object')) {
            ci.pc = pc;
            r = equals(L, x, y);
          }
          // A test that holds runs the JMP after it here, saving a dispatch (lvm.c's donextjump); a JMP
          // that closes upvalues (A != 0) or a JMPBACK is left to the loop.
          // A is 0 or 1. Each comparison tests it its own way: V8 would merge identical `a !== 0` tests
          // into one boolean computed before the switch, on every dispatch.
          if (r !== ((i & 0x3fc0) !== 0)) pc++;
          else if ((code[pc]! & 0x3fff) === 29) pc += (code[pc]! >>> 14) - 131070;
          break;
        }
        case 32: {
          // LT
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          let r: boolean;
          if (typeof x === 'number' && typeof y === 'number') r = x < y;
          else if (isFlt(x) && isFlt(y)) r = fv(x) < fv(y);
          else {
            ci.pc = pc;
            r = lessThan(L, x, y);
          }
          if (r !== ((i & 0x40) !== 0)) pc++;
          else if ((code[pc]! & 0x3fff) === 29) pc += (code[pc]! >>> 14) - 131070; // the JMP, as in EQ
          break;
        }
        case 33: {
          // LE
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const x = b >= 256 ? k[b - 256] : stack[base + b];
          const y = c >= 256 ? k[c - 256] : stack[base + c];
          let r: boolean;
          if (typeof x === 'number' && typeof y === 'number') r = x <= y;
          else if (isFlt(x) && isFlt(y)) r = fv(x) <= fv(y);
          else {
            ci.pc = pc;
            r = lessEqual(L, x, y);
          }
          if (r !== ((i >>> 6) % 2 === 1)) pc++;
          else if ((code[pc]! & 0x3fff) === 29) pc += (code[pc]! >>> 14) - 131070; // the JMP, as in EQ
          break;
        }
        case 34: {
          // TEST
          const x = stack[base + a];
          if ((x !== undefined && x !== false) !== (i >>> 23 !== 0)) pc++;
          else if ((code[pc]! & 0x3fff) === 29) pc += (code[pc]! >>> 14) - 131070; // the JMP, as in EQ
          break;
        }
        case 35: {
          // TESTSET
          const x = stack[base + ((i >>> 14) & 511)];
          if ((x !== undefined && x !== false) === (i >>> 23 !== 0)) stack[base + a] = x;
          else pc++;
          break;
        }
        case 36: // CALL
        case 37: // TAILCALL
        case 41: {
          if ((i & 63) === 36) {
            // CALL of a Lua function with a fixed argument count: pushFrame inlined for the common case
            // (no varargs, a CallInfo to reuse, room on the stack); anything else goes on below.
            const fidx = base + a;
            const fn = stack[fidx];
            const b = (i >>> 14) & 511;
            if (fn instanceof LuaClosure && b !== 0) {
              const np = fn.proto;
              const nci = ci.next;
              const nbase = fidx + 1;
              if (!np.isVararg && nci !== null && nbase + np.maxstack + b <= stack.length) {
                for (let j = b - 1; j < np.numparams; j++) stack[nbase + j] = undefined;
                ci.pc = pc;
                nci.closure = fn;
                nci.func = fidx;
                nci.base = nbase;
                nci.top = nbase + np.maxstack;
                nci.pc = 0;
                nci.nresults = (i >>> 23) - 1;
                nci.fromNative = false;
                nci.tail = false;
                nci.varargs = null;
                L.ci = nci;
                ci = nci;
                // as below: the JIT's call counter
                const fc = np.hotcounts;
                if (fc !== null && (fc[fc.length - 1] = fc[fc.length - 1]! - 1) === 0)
                  ci = L.jit!.onCall(L, ci);
                cl = ci.closure!;
                p = cl.proto;
                k = p.k;
                hc = p.hotcounts;
                code = hc === null ? p.icode : p.code;
                upvals = cl.upvals;
                base = ci.base;
                pc = ci.pc;
                break;
              }
            } else if (b === 2 && i >>> 23 === 2 && fn instanceof NativeFunction && fn.num1 !== null) {
              // One argument, one result, of a math function (lib/math.ts): a number goes to its kernel,
              // without callNative's argument array (--no-jit n-body: 10 math.sqrt calls a step).
              const x = stack[fidx + 1];
              if (typeof x === 'number') {
                stack[fidx] = fn.num1(x);
                break;
              }
            }
          }
          // TFORCALL
          let op = i & 63;
          let fa = a;
          let b = (i >>> 14) & 511;
          let c = i >>> 23;
          if (op === 41) {
            const ra = base + a;
            const f = stack[ra];
            const t = stack[ra + 1];
            // pairs() and ipairs() loops over plain tables skip the call machinery entirely.
            if (f === L.nextFn && t instanceof LuaTable) {
              const e = t.next(stack[ra + 2]);
              if (e === undefined) stack[ra + 3] = undefined;
              else {
                stack[ra + 3] = e[0];
                if (c > 1) stack[ra + 4] = e[1];
              }
              break;
            }
            if (f === L.ipairsIter && t instanceof LuaTable && t.metatable === null) {
              const n = (stack[ra + 2] as number) + 1;
              const v = n <= t.arr.length ? t.arr[n - 1] : t.getInt(n);
              if (v === undefined) stack[ra + 3] = undefined;
              else {
                stack[ra + 3] = n;
                if (c > 1) stack[ra + 4] = v;
              }
              break;
            }
            stack[ra + 3] = f;
            stack[ra + 4] = t;
            stack[ra + 5] = stack[ra + 2];
            fa = a + 3;
            b = 3;
            c = c + 1;
            op = 36;
          }
          const fidx = base + fa;
          let fn = stack[fidx];
          let nargs = b !== 0 ? b - 1 : L.top - fidx - 1;
          if (!(fn instanceof LuaClosure) && !(fn instanceof NativeFunction)) {
            fn = resolveCallable(L, fidx, nargs);
            nargs++;
          }
          ci.pc = pc;
          if (fn instanceof LuaClosure) {
            if (op === 37) {
              if (L.openUpvals.length > 0) L.closeUpvals(base);
              const dst = ci.func;
              for (let j = 0; j <= nargs; j++) stack[dst + j] = stack[fidx + j];
              const nres = ci.nresults;
              const fromNative = ci.fromNative;
              const metaCall = ci.metaCall;
              L.ci = ci.prev!;
              ci = L.pushFrame(fn, dst, nargs, nres);
              ci.fromNative = fromNative;
              ci.metaCall = metaCall;
              ci.tail = true;
            } else {
              ci = L.pushFrame(fn, fidx, nargs, c - 1);
            }
            // The JIT counts calls in the slot after the loop counters. A hot function runs its trace,
            // which may have returned already (ci is the caller) or left deeper frames to go on in.
            const fc = fn.proto.hotcounts;
            if (fc !== null && (fc[fc.length - 1] = fc[fc.length - 1]! - 1) === 0) ci = L.jit!.onCall(L, ci);
            cl = ci.closure!;
            p = cl.proto;
            k = p.k;
            hc = p.hotcounts;
            code = hc === null ? p.icode : p.code;
            upvals = cl.upvals;
            base = ci.base;
            pc = ci.pc;
          } else if (callNative(L, fn as NativeFunction, fidx, nargs, c - 1)) {
            const raised = L.raised;
            // a coroutine yielded (vm/coroutine.ts yieldFrom): ci.pc is past the CALL its resume finishes
            if (raised === null) return undefined;
            L.raised = null;
            return caught(L, ci, pc, raised, true);
          }
          break;
        }
        case 38: {
          // RETURN
          const b = (i >>> 14) & 511;
          const src = base + a;
          const n = b !== 0 ? b - 1 : L.top - src;
          // Open upvalues of enclosing frames (a recursive local function's own name) need no closing.
          const ou = L.openUpvals;
          if (ou.length > 0 && ou[ou.length - 1]!.idx >= base) L.closeUpvals(base);
          const dst = ci.func;
          const want = ci.nresults;
          if (want === 1) stack[dst] = n > 0 ? stack[src] : undefined;
          else if (want < 0) {
            for (let j = 0; j < n; j++) stack[dst + j] = stack[src + j];
            L.top = dst + n;
          } else {
            for (let j = 0; j < want; j++) stack[dst + j] = j < n ? stack[src + j] : undefined;
          }
          const prev = ci.prev!;
          L.ci = prev;
          if (ci.fromNative) return;
          ci = prev;
          cl = ci.closure!;
          p = cl.proto;
          k = p.k;
          hc = p.hotcounts;
          code = hc === null ? p.icode : p.code;
          upvals = cl.upvals;
          base = ci.base;
          pc = ci.pc;
          break;
        }
        case 39: {
          // FORPREP
          const ra = base + a;
          const init = stack[ra];
          const limit = stack[ra + 1];
          const step = stack[ra + 2];
          if (
            typeof init === 'number' &&
            typeof limit === 'number' &&
            typeof step === 'number' &&
            Number.isInteger(init) &&
            Number.isInteger(limit) &&
            Number.isInteger(step) &&
            step !== 0 &&
            Math.abs(limit - init) <= MAX_SAFE
          ) {
            // forloop.ts forPrepSafe, inline (forPrep's first step)
            if (step > 0 ? init > limit : init < limit) pc += (i >>> 14) - 131071 + 1;
            else {
              stack[ra + 1] = intForCount(init, limit, step);
              stack[ra + 3] = init;
              // A loop with a compiled trace (its counter parked at 1) runs it from the first iteration.
              if (hc !== null && hc[pc] === 1) {
                ci.pc = pc;
                L.jit!.onLoopEntry(L, ci);
                pc = ci.pc;
              }
            }
          } else if (forPrep(stack, ra)) {
            pc += (i >>> 14) - 131071 + 1;
          }
          break;
        }
        case 40: {
          // FORLOOP (loop back-edge)
          const ra = base + a;
          const cnt = stack[ra + 1];
          const x = stack[ra];
          const st = stack[ra + 2];
          if (typeof cnt === 'number' && typeof x === 'number' && typeof st === 'number') {
            if (cnt > 0) {
              stack[ra + 1] = cnt - 1;
              const nx = x + st;
              stack[ra] = nx;
              stack[ra + 3] = nx;
              pc += (i >>> 14) - 131071;
              if (hc !== null && (hc[pc] = hc[pc]! - 1) === 0) pc = hotLoop(L, ci, pc);
            }
          } else if (forLoop(stack, ra)) {
            pc += (i >>> 14) - 131071;
            if (hc !== null && (hc[pc] = hc[pc]! - 1) === 0) pc = hotLoop(L, ci, pc);
          }
          break;
        }
        case 42: {
          // TFORLOOP (loop back-edge)
          const v = stack[base + a + 1];
          if (v !== undefined) {
            stack[base + a] = v;
            pc += (i >>> 14) - 131071;
            if (hc !== null && (hc[pc] = hc[pc]! - 1) === 0) pc = hotLoop(L, ci, pc);
          }
          break;
        }
        case 43: {
          // SETLIST
          const b = (i >>> 14) & 511;
          const start = code[pc++]!;
          const n = b !== 0 ? b : L.top - (base + a) - 1;
          (stack[base + a] as LuaTable).setList(start, stack, base + a + 1, n);
          break;
        }
        case 44: {
          // CLOSURE
          const np = p.protos[i >>> 14]!;
          const descs = np.upvals;
          const uvs: UpVal[] = new Array<UpVal>(descs.length);
          for (let j = 0; j < descs.length; j++) {
            const d = descs[j]!;
            uvs[j] = d.inStack ? L.findUpval(base + d.index) : upvals[d.index]!;
          }
          stack[base + a] = new LuaClosure(np, uvs);
          if (np.closures < 2) np.closures++;
          break;
        }
        case 45: {
          // VARARG
          const b = (i >>> 14) & 511;
          const va = ci.varargs!;
          const n = va.length;
          const ra = base + a;
          if (b === 0) {
            if (ra + n >= stack.length) L.ensureStack(ra + n + 1);
            for (let j = 0; j < n; j++) stack[ra + j] = va[j];
            L.top = ra + n;
          } else {
            for (let j = 0; j < b - 1; j++) stack[ra + j] = j < n ? va[j] : undefined;
          }
          break;
        }
        case 46: // CLOSE
          if (((i >>> 14) & 511) !== 0) {
            ci.pc = pc;
            L.markTbc(base + a, variableName(p, a, pc - 1) ?? '?');
          } else closeLevel(L, ci, pc, base + a);
          break;
        case 47: // fused heads (compiler/fuse.ts): ADD..DIV or GETTABLE R[B].K feeding the next instruction
        case 48:
        case 49:
        case 50:
        case 51: {
          const b = (i >>> 14) & 511;
          const c = i >>> 23;
          const op = i & 63;
          // The chain carries its value unboxed: `r` a JS number, `rf` whether Lua sees a float (an
          // integral one needs its box only where it is finally stored).
          let r: number;
          let rf = false;
          if (op === FGETFIELD) {
            // GETTABLE with a string constant, as in its own case
            const tb = stack[base + b];
            let v: LuaValue;
            if (tb instanceof LuaTable) {
              if (tb.shape === p.icShape[pc - 1]) v = tb.slots[p.icSlot[pc - 1]!];
              else if (tb.shape === p.icFloat[pc - 1]) {
                v = tb.slots[p.icSlot[pc - 1]!];
                if (Number.isInteger(v)) v = mkFloat(v as number);
              } else v = getField(p, pc - 1, tb, k[c - 256] as string);
              if (v === undefined && tb.metatable !== null) {
                ci.pc = pc;
                v = index(L, tb, k[c - 256], 'B');
              }
            } else {
              ci.pc = pc;
              v = index(L, tb, k[c - 256], 'B');
            }
            if (typeof v === 'number') {
              r = v;
              rf = !Number.isInteger(v);
            } else if (v instanceof LFloat) {
              r = v.n;
              rf = true;
            } else {
              stack[base + a] = v;
              break;
            }
          } else {
            const aop = op - FUSED_OFFSET;
            const x = b >= 256 ? k[b - 256] : stack[base + b];
            const y = c >= 256 ? k[c - 256] : stack[base + c];
            if (
              aop <= 13 &&
              typeof x === 'number' &&
              typeof y === 'number' &&
              (x | 0) === x &&
              (y | 0) === y
            ) {
              // int32 + and - (always safe) without isInteger tests on doubles, as in ADD and SUB
              r = aop === 12 ? x + y : x - y;
            } else {
              let xf: number;
              let yf: number;
              if (typeof x === 'number') xf = x;
              else if (x instanceof LFloat) xf = x.n;
              else {
                ci.pc = pc;
                stack[base + a] = arith(L, aop - 12, x, y);
                break;
              }
              if (typeof y === 'number') yf = y;
              else if (y instanceof LFloat) yf = y.n;
              else {
                ci.pc = pc;
                stack[base + a] = arith(L, aop - 12, x, y);
                break;
              }
              r = aop === 12 ? xf + yf : aop === 13 ? xf - yf : aop === 14 ? xf * yf : xf / yf;
              if (aop === 13 && c >= 256 && y === 0) r += 0; // `x - 0` is `x + 0`, as in SUB
              rf = true;
              if (Number.isInteger(r)) {
                // Integers stay integers (`x === xf`: not a box) while the result is safe; else bigints.
                if (aop !== 15 && x === xf && y === yf && Number.isInteger(xf) && Number.isInteger(yf)) {
                  if (r > MAX_SAFE || r < -MAX_SAFE) {
                    stack[base + a] = arith(L, aop - 12, x, y);
                    break;
                  }
                  r += 0; // 0 * -1
                  rf = false;
                }
              }
            }
          }
          // The next instruction reads r from register t and is skipped; a fused head goes on.
          let t = a;
          for (;;) {
            const j = code[pc]!;
            const jop = j & 63;
            if (jop === 40) {
              // FORLOOP after a loop body's last arithmetic (t < 0: after a LT/LE, nothing to store);
              // the integer step of its own case, with no back-edge counting: icode runs without the JIT
              if (t >= 0) stack[base + t] = rf && Number.isInteger(r) ? mkFloat(r) : r;
              const ra = base + ((j >>> 6) & 255);
              const cnt = stack[ra + 1];
              const ix = stack[ra];
              const st = stack[ra + 2];
              if (typeof cnt === 'number' && typeof ix === 'number' && typeof st === 'number') {
                pc++;
                if (cnt > 0) {
                  stack[ra + 1] = cnt - 1;
                  const nx = ix + st;
                  stack[ra] = nx;
                  stack[ra + 3] = nx;
                  pc += (j >>> 14) - 131071;
                }
              }
              break;
            }
            if (jop === 9) {
              // SETTABLE R[A].K = r (an arithmetic result), with SETTABLE's inline cache
              const val = rf && Number.isInteger(r) ? mkFloat(r) : r;
              const tb = stack[base + ((j >>> 6) & 255)];
              // a NaN takes SETTABLE's own case, which keeps its sign bit in the slots (table.ts)
              if (
                r === r &&
                tb instanceof LuaTable &&
                tb.metatable === null &&
                tb.shape === p.icShape[pc] &&
                p.icNext[pc] === null
              ) {
                const s = tb.slots;
                if (s instanceof Float64Array) tb.setSlot(p.icSlot[pc]!, val);
                else s[p.icSlot[pc]!] = val;
                pc++;
              } else if (
                rf &&
                r === r &&
                tb instanceof LuaTable &&
                tb.metatable === null &&
                tb.shape === p.icFloat[pc]
              ) {
                // A float slot holds the float as the bare number, integral or not.
                tb.slots[p.icSlot[pc]!] = r;
                pc++;
              } else stack[base + t] = val;
              break;
            }
            const jb = (j >>> 14) & 511;
            const jc = j >>> 23;
            if (jb !== t && jc !== t) {
              // Two values in flight (fuse.ts isPairHead): j computes s aside from plain numbers, the
              // instruction after it combines r and s. Off this path r is stored and j runs itself.
              const x2 = jb >= 256 ? k[jb - 256] : stack[base + jb];
              const y2 = jc >= 256 ? k[jc - 256] : stack[base + jc];
              let sop = jop >= FADD ? jop - FUSED_OFFSET : jop;
              let s = 0;
              let sf = true;
              if (typeof x2 === 'number' && typeof y2 === 'number') {
                s = sop === 12 ? x2 + y2 : sop === 14 ? x2 * y2 : sop === 13 ? x2 - y2 : x2 / y2;
                if (sop !== 15 && Number.isInteger(x2) && Number.isInteger(y2)) {
                  sf = false;
                  s += 0;
                  if (s > MAX_SAFE || s < -MAX_SAFE) sop = -1; // j wraps it to a bigint
                }
              } else sop = -1;
              if (sop < 0) {
                stack[base + t] = rf && Number.isInteger(r) ? mkFloat(r) : r;
                break;
              }
              const j2 = code[pc + 1]!;
              const op2 = j2 & 63;
              const cop = op2 >= FADD ? op2 - FUSED_OFFSET : op2;
              const rl = ((j2 >>> 14) & 511) === t;
              let r2 =
                cop === 12
                  ? r + s
                  : cop === 14
                    ? r * s
                    : cop === 13
                      ? rl
                        ? r - s
                        : s - r
                      : rl
                        ? r / s
                        : s / r;
              if (!rf && !sf && cop !== 15) {
                if (r2 > MAX_SAFE || r2 < -MAX_SAFE) {
                  // both operands stored, the combining instruction wraps it
                  stack[base + t] = r;
                  stack[base + ((j >>> 6) & 255)] = s;
                  pc++;
                  break;
                }
                r2 += 0;
              } else rf = true;
              pc += 2;
              r = r2;
              t = (j2 >>> 6) & 255;
              if (op2 < FADD) {
                stack[base + t] = rf && Number.isInteger(r) ? mkFloat(r) : r;
                break;
              }
              continue;
            }
            const left = jb === t;
            const oi = left ? jc : jb; // the other operand
            const o = oi >= 256 ? k[oi - 256] : stack[base + oi];
            let of: number;
            if (typeof o === 'number') of = o;
            else if (o instanceof LFloat) of = o.n;
            else {
              stack[base + t] = rf && Number.isInteger(r) ? mkFloat(r) : r;
              break;
            }
            if (jop === 32 || jop === 33) {
              // LT, LE, and the JMP after them as in their own cases; a jump to a FORLOOP runs it too
              const res = jop === 32 ? (left ? r < of : of < r) : left ? r <= of : of <= r;
              pc++;
              if (res !== (((j >>> 6) & 255) !== 0)) pc++;
              else if ((code[pc]! & 0x3fff) === 29) {
                pc += (code[pc]! >>> 14) - 131070;
                if ((code[pc]! & 63) === 40) {
                  t = -1;
                  continue;
                }
              }
              break;
            }
            const aop = jop >= FADD ? jop - FUSED_OFFSET : jop;
            // + and * commute: only - and / look at which side r is on
            let r2 =
              aop === 12
                ? r + of
                : aop === 14
                  ? r * of
                  : aop === 13
                    ? left
                      ? oi >= 256 && o === 0
                        ? r + 0 // `x - 0` is `x + 0`, as in SUB
                        : r - of
                      : of - r
                    : left
                      ? r / of
                      : of / r;
            // A float stays a float; integer +, -, * of safe integers is integral (a double then)
            if (!rf) {
              if (aop !== 15 && o === of && Number.isInteger(of)) {
                if (r2 > MAX_SAFE || r2 < -MAX_SAFE) {
                  stack[base + t] = r; // the instruction's own case wraps it to a bigint
                  break;
                }
                r2 += 0;
              } else rf = true;
            }
            pc++;
            r = r2;
            t = (j >>> 6) & 255;
            if (jop < FADD) {
              stack[base + t] = rf && Number.isInteger(r) ? mkFloat(r) : r;
              break;
            }
          }
          break;
        }
        case 52: {
          // a run of MOVEs (fuse.ts FMOVES): the plain MOVEs after this one run here too
          stack[base + a] = stack[base + ((i >>> 14) & 511)];
          let j = code[pc]!;
          do {
            stack[base + ((j >>> 6) & 255)] = stack[base + ((j >>> 14) & 511)];
            j = code[++pc]!;
          } while ((j & 63) === 0);
          break;
        }
        case 53: {
          // FORLOOP of a float loop (fuse.ts FFORLOOP): the float interpreter runs its iterations, or
          // refuses and forLoop steps this one (refusals are few: vm/floatloop.ts settle)
          const ra = base + a;
          const cnt = stack[ra + 1];
          if (
            typeof cnt === 'number' &&
            cnt > 0 &&
            typeof stack[ra] === 'number' &&
            typeof stack[ra + 2] === 'number'
          ) {
            const site = p.floatLoops![pc - 1]!;
            const to = runFloatLoop(site, p, upvals, stack, base, ra, false);
            if (to >= 0) {
              pc = to;
              break;
            }
          }
          if (forLoop(stack, ra)) pc += (i >>> 14) - 131071;
          break;
        }
        case 54: {
          // FORPREP of a float loop (fuse.ts FFORPREP): an integer loop runs from its first body in
          // the float interpreter, which may refuse; anything else (a float loop) goes on as FORPREP
          const ra = base + a;
          if (forPrep(stack, ra)) pc += (i >>> 14) - 131071 + 1;
          else if (typeof stack[ra + 1] === 'number') {
            const site = p.floatLoops![pc + (i >>> 14) - 131071]!;
            const to = runFloatLoop(site, p, upvals, stack, base, ra, true);
            if (to >= 0) pc = to;
          }
          break;
        }
        default:
          throw new Error(`bad opcode ${i & 63} at pc ${pc - 1}`);
      }
    }
  } catch (e) {
    const inNative = L.cdepth !== 0;
    // left by a throw out of the native the CALL ran (state.ts calledByLoop trusts it only while one runs)
    L.nativeAt = -1;
    return caught(L, ci, pc, e, inNative);
  }
}

/** The error e that stopped the loop at ci and pc, positioned; `inNative`: a native raised it. */
function caught(L: LuaState, ci: CallInfo, pc: number, e: unknown, inNative: boolean): unknown {
  // An error a deeper loop saw already left this frame where it was (after the call, which a
  // traceback names the callee by), not at pc (a loop header when a trace's callee raised it).
  if (!(e instanceof LuaError && e.seen)) ci.pc = pc;
  L.cdepth = 0;
  // Raised inside a native: no position (luaG_runerror in a C function).
  const r = inNative && e instanceof Fault ? new LuaError(e.message) : convertError(ci, pc, e);
  if (r instanceof LuaError && !r.seen) {
    r.seen = true;
    // a native LuaState.call called (a metamethod, or a callback of the native this frame called)
    r.natives = (inNative ? 1 : 0) + (r.raisedBy !== null || (e instanceof Fault && e.inNative) ? 1 : 0);
  }
  return r;
}
