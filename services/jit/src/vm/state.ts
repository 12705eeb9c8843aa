// Interpreter state: one value stack shared by all Lua frames, the frame chain, globals, open upvalues.
import { Fault, LuaError } from '../errors/index.ts';
import type { Proto } from '../compiler/proto.ts';
import type { Handler, Pending } from './coroutine.ts';
import { GcState } from './gcstate.ts';
import type { LuaTable } from './table.ts';
import {
  LuaClosure,
  LuaThread,
  LuaUserdata,
  NativeFunction,
  UpVal,
  type LuaFunction,
  type LuaValue,
  type NativeFn,
} from './value.ts';

/** Lua's limit on stack slots; beyond it a call raises "stack overflow". */
export const MAX_STACK = 1_000_000;

/**
 * lua5.4's LUAI_MAXCCALLS: calls nested across the host (a metamethod the interpreter calls, a
 * function pcall, sort or tostring calls) raise "C stack overflow" at the 200th.
 */
export const MAX_CCALLS = 200;
/** Nested C calls at which an error inside a message handler gives up: "error in error handling". */
export const ERRERR_CCALLS = (MAX_CCALLS / 10) * 11;

export class CallInfo {
  closure: LuaClosure | null = null;
  /** Register 0 of the frame. */
  base = 0;
  /** Saved program counter (index of the next instruction) while this frame is not running. */
  pc = 0;
  /** Stack slot of the called function: results are copied there. */
  func = 0;
  /** Results the caller wants; -1 means all of them ("to top"). */
  nresults = 0;
  /** First slot above the frame's registers: where nested calls from natives may start. */
  top = 0;
  varargs: LuaValue[] | null = null;
  /** Entered through LuaState.call from JS: its RETURN leaves the dispatch loop. */
  fromNative = false;
  /**
   * With fromNative: the call is a metamethod the interpreter made for the frame below (no native in
   * between), so that frame is level 2 for error(msg, 2). Only meaningful when fromNative is set.
   */
  metaCall = false;
  /** Entered by a tail call, which took its caller's place (tracebacks say "(...tail calls...)"). */
  tail = false;
  prev: CallInfo | null = null;
  next: CallInfo | null = null;
}

/** What the interpreter calls when a loop back-edge counter in Proto.hotcounts reaches zero. */
export interface JitHook {
  /** Readies a chunk compiled at run time (load) as the program's own chunk was readied. */
  prepare(p: Proto): void;
  /** Called with ci.pc at the loop header; leaves ci.pc where the interpreter must continue. */
  onLoop(L: LuaState, ci: CallInfo): void;
  /** A numeric for loop is starting (ci.pc at its header): run its compiled trace, if it has one. */
  onLoopEntry(L: LuaState, ci: CallInfo): void;
  /** A function's call counter ran out, its frame ci just pushed: returns the frame to go on in. */
  onCall(L: LuaState, ci: CallInfo): CallInfo;
  /** Compiled traces running now (whose registers are JS locals: collectgarbage waits, lib/collect.ts). */
  readonly tracing?: number;
  /** Drops every compiled trace (debug.upvaluejoin changed a cell that traces may hold as a constant). */
  forgetTraces?(): void;
}

export interface StateOptions {
  /** Receives program output (strings of bytes as chars). */
  write: (s: string) => void;
  /** Receives what the program writes to io.stderr (dropped when not given). */
  writeErr?: (s: string) => void;
  /** Passes on output write has held back (io.flush, file:flush); nothing to do when not given. */
  flush?: () => void;
  /** The program's standard input, whole, read at its first read (none when not given). */
  readInput?: () => string;
  /** What os.getenv sees (nothing when not given). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The files io.open, loadfile, dofile, require and os.remove/rename/tmpname use (none when not given: every open fails). */
  files?: HostFiles;
}

/** Why a file operation failed: strerror's text and the errno lua5.4 returns with it. */
export interface FileFailure {
  reason: string;
  errno: number;
}

/** fopen's modes, less "b" (which changes nothing on POSIX). */
export type OpenMode = 'r' | 'w' | 'a' | 'r+' | 'w+' | 'a+';

/**
 * A host's file system as the C library shows it to lua5.4. Files are read whole when opened and
 * written whole when flushed (lib/luafile.ts keeps an open file's bytes).
 */
export interface HostFiles {
  /**
   * fopen(path, mode): the bytes the file holds ('' for "w" and "w+", which empty it; a new file for
   * "a"), or the step that failed: the open, or reading what opened (a directory opens for "r").
   */
  open(path: string, mode: OpenMode): string | (FileFailure & { cannot: 'open' | 'read' });
  /** Whether fopen(path, "r") would succeed (a directory opens too, as on Linux). */
  readable(path: string): boolean;
  /** Replaces a file's bytes (a flush or close of a file opened for writing). */
  save(path: string, bytes: string): FileFailure | undefined;
  /** remove(3) and rename(2), for os.remove and os.rename. */
  remove(path: string): FileFailure | undefined;
  rename(from: string, to: string): FileFailure | undefined;
}

export class LuaState {
  stack: LuaValue[] = [];
  /** End of the values of the last multi-result operation (call results, varargs). */
  top = 0;
  /** The innermost Lua frame (natives do not get frames). */
  ci: CallInfo;
  readonly baseCi: CallInfo;
  globals!: LuaTable;
  stringMeta: LuaTable | null = null;
  /** Open upvalues, sorted by stack index. */
  openUpvals: UpVal[] = [];
  /**
   * Natives running since the innermost Lua frame: 0 while Lua code runs, 1 in a native that Lua code
   * called (or a metamethod native), more when natives call natives.
   */
  cdepth = 0;
  /** While the interpreter's CALL runs a native: the native's stack slot (-1 otherwise; lib/collect.ts). */
  nativeAt = -1;
  /**
   * lua5.4's nCcalls: calls from the host into Lua (LuaState.call) now running, plus one for lua.c's
   * own protected call, so that the main chunk (called through LuaState.call) runs at 2 as there.
   * Traces do not count the metamethods they inline: their function guards leave before the limit
   * (jit/record/metamethods.ts) and exits count the metamethod frames they hand over (jit/inlined.ts).
   */
  nCcalls = 1;
  /** Dispatch loops running on this state (vm/interp.ts execute): a coroutine yields only from its first. */
  runs = 0;
  /**
   * The cdepth of the native that may yield (vm/coroutine.ts fromOwnLoop): 1, the native the loop's
   * CALL runs, one more for each pcall or xpcall of a native between them (pcall(coroutine.yield)).
   */
  yieldDepth = 1;
  /**
   * While a native runs that no CALL called but that may yield all the same: a coroutine's body, or a
   * metamethod the loop called (vm/coroutine.ts callMeta).
   */
  nativeYields = false;
  /** The coroutine this state runs, or its main thread (a segment's is the coroutine it is part of). */
  thread: LuaThread;
  /**
   * A pcall or xpcall this state's dispatch loop was in when it yielded: the segment running the
   * called function, continued first by the next resume (vm/coroutine.ts), and xpcall's handler.
   */
  pending: Pending | null = null;
  /**
   * In a coroutine: the segment running a metamethod (written in Lua) that an instruction of this
   * state's dispatch loop called (vm/coroutine.ts callMeta), while it runs, is suspended, or after it
   * failed (until the protected call or resume that caught the error has dealt with its frames).
   */
  inner: LuaState | null = null;
  /**
   * A suspended metamethod's results, for the dispatch loop to finish the instruction that called it
   * with when it runs this state again (vm/finish.ts): `finish` says how (see callMeta).
   */
  metaDone: { values: LuaValue[]; finish: number } | null = null;
  /**
   * The values a coroutine's own state yielded by returning from its loop (vm/coroutine.ts yieldFrom),
   * for the resume that ran the loop to take; null otherwise.
   */
  yielded: LuaValue[] | null = null;
  /**
   * While xpcall's handler runs for an error a native raised with no dispatch loop between it and
   * the xpcall: that native, and its place among the natives above ci (vm/traceback.ts).
   */
  raisedBy: { fn: NativeFunction; depth: number } | null = null;
  /**
   * The message handler of the protected call running (lua_State's errfunc): xpcall's, none for pcall,
   * lua.c's at lsjit's top level. load's reader and lua_load's own runtime errors go through it.
   */
  errfunc: Handler = null;
  /** For a segment: the state whose pcall runs it, where error levels go on past its first frame. */
  caller: LuaState | null = null;
  /**
   * For a segment that stands for a native a pcall or xpcall called, which yielded (vm/coroutine.ts
   * suspendNative): that native, a level of tracebacks.
   */
  nativeFn: LuaValue = undefined;
  /**
   * Whether a native of the state called that native (pcall, xpcall, pairs: a level of its own), not
   * the state's loop (a metamethod) or its resume (a coroutine's body).
   */
  nativeByNative = false;
  /** A segment whose protected call finished, for the next one (a pcall in a loop makes no state). */
  spare: LuaState | null = null;
  /** The program's first state, which numbers the tables of all its coroutines for tostring. */
  readonly root: LuaState;
  /** The program's finalizers and warn switch (shared by all its states). */
  readonly gc: GcState;
  nextTableId = 1;
  /** The tracing JIT, when on (protos then carry back-edge counters). */
  jit: JitHook | null = null;
  write: (s: string) => void;
  writeErr: (s: string) => void;
  flush: () => void;
  readInput: () => string;
  env: Readonly<Record<string, string | undefined>> | null;
  files: HostFiles | null;
  /** lua5.4's registry._LOADED (package.loaded): the modules, by the name require knows them by. */
  loaded!: LuaTable;
  /** Identity of some natives the dispatch loop inlines (pairs' next, ipairs' iterator). */
  nextFn: NativeFunction | null = null;
  ipairsIter: NativeFunction | null = null;
  /** Set by the interpreter: runs a function on this state (breaks an import cycle). */
  execute!: (L: LuaState) => void;
  /** Set by the interpreter: execute, returning the error that stopped the loop (undefined if none). */
  executeCaught!: (L: LuaState) => unknown;
  /**
   * What a native raised when the interpreter's CALL called it (raiseFromNative): it returned RAISED
   * instead of throwing, and the loop takes this as if caught (vm/interp.ts).
   */
  raised: unknown = null;

  constructor(opts: StateOptions, parent?: LuaState) {
    this.write = opts.write;
    this.writeErr = opts.writeErr ?? ((): void => {});
    this.flush = opts.flush ?? ((): void => {});
    this.readInput = opts.readInput ?? ((): string => '');
    this.env = opts.env ?? null;
    this.files = opts.files ?? null;
    this.baseCi = new CallInfo();
    this.ci = this.baseCi;
    this.thread = new LuaThread(this, undefined);
    this.thread.status = 'running';
    this.root = parent ?? this;
    this.gc = parent === undefined ? new GcState() : parent.gc;
    this.ensureStack(parent === undefined ? 1024 : 64);
  }

  /** A coroutine running body on a state of its own over this program's globals and library. */
  newThread(body: LuaFunction): LuaThread {
    const C = this.spawn();
    return (C.thread = new LuaThread(C, body));
  }

  /** A state running a protected call for this coroutine, as part of it (vm/coroutine.ts). */
  newSegment(): LuaState {
    const spare = this.spare;
    if (spare !== null) {
      this.spare = null;
      return spare;
    }
    const S = this.spawn();
    S.thread = this.thread;
    S.caller = this;
    return S;
  }

  /** Takes back a segment whose protected call returned or failed (its upvalues closed). */
  endSegment(S: LuaState): void {
    S.ci = S.baseCi;
    S.cdepth = 0;
    S.errfunc = null;
    S.inner = null;
    S.nativeFn = undefined;
    S.nativeByNative = false;
    this.spare = S;
  }

  private spawn(): LuaState {
    const C = new LuaState(
      {
        write: this.write,
        writeErr: this.writeErr,
        flush: this.flush,
        readInput: this.readInput,
        env: this.env ?? undefined,
        files: this.files ?? undefined,
      },
      this.root,
    );
    C.globals = this.globals;
    C.loaded = this.loaded;
    C.stringMeta = this.stringMeta;
    C.jit = this.jit;
    C.nextFn = this.nextFn;
    C.ipairsIter = this.ipairsIter;
    C.execute = this.execute;
    C.executeCaught = this.executeCaught;
    return C;
  }

  ensureStack(n: number): void {
    const s = this.stack;
    if (n <= s.length) return;
    if (n > MAX_STACK) throw new StackOverflow();
    // Pushing keeps the array packed (new Array(n) would make it holey and slower).
    let want = Math.max(n, s.length * 2);
    if (want > MAX_STACK + 100) want = MAX_STACK + 100;
    while (s.length < want) s.push(undefined);
  }

  /**
   * lua_checkstack for a native about to return n values: do they fit on the stack above the
   * calling Lua frame? (Past it they would overflow after the native returned, beyond any pcall.)
   */
  hasRoom(n: number | bigint): boolean {
    return Number(n) + this.ci.top < MAX_STACK;
  }

  /** Finds or creates the open upvalue for stack slot idx. */
  findUpval(idx: number): UpVal {
    const list = this.openUpvals;
    let i = list.length - 1;
    while (i >= 0 && list[i]!.idx > idx) i--;
    if (i >= 0 && list[i]!.idx === idx) return list[i]!;
    const uv = new UpVal(idx, this.stack);
    list.splice(i + 1, 0, uv);
    return uv;
  }

  /** Stack slots of the `<close>` variables in scope, innermost last (lua5.4's tbclist). */
  readonly tbc: number[] = [];

  /** CLOSE A 1: the variable in slot idx is to be closed; nil and false are ignored, as in lua5.4. */
  markTbc(idx: number, name: string): void {
    const v = this.stack[idx];
    if (v === undefined || v === false) return;
    if (this.metaOf(v)?.getStr('__close') === undefined)
      throw new Fault(`variable '${name}' got a non-closable value`);
    this.tbc.push(idx);
  }

  /**
   * Calls __close(value, err) of the `<close>` variables at or above level, innermost first, from
   * above slot `above` (results a RETURN is about to move), as luaF_close does after the upvalues.
   * `onSegment`, for the interpreter's own closing: runs a __close where it may yield and returns
   * true, or returns false (vm/coroutine.ts metaOnSegment).
   */
  closeTbc(
    level: number,
    err: LuaValue,
    above = 0,
    onSegment?: (fn: LuaValue, args: LuaValue[]) => boolean,
  ): void {
    const list = this.tbc;
    // the end of results "to top" a RETURN after this CLOSE takes
    const stackTop = this.top;
    try {
      while (list.length > 0 && list[list.length - 1]! >= level) {
        const idx = list.pop()!;
        const v = this.stack[idx];
        const tm = this.metaOf(v)?.getStr('__close');
        if (onSegment !== undefined && onSegment(tm, [v, err])) continue;
        // the call's frame goes above the variable's own slot (and the others', below it) and the results
        this.callFrom(Math.max(above, idx + 1), tm, [v, err]);
      }
    } finally {
      this.top = stackTop;
    }
  }

  /** call, from above the slots of `<close>` variables still pending (an xpcall handler before them). */
  callAboveTbc(fn: LuaValue, args: LuaValue[]): LuaValue[] {
    const list = this.tbc;
    return this.callFrom(list.length > 0 ? list[list.length - 1]! + 1 : 0, fn, args);
  }

  /** call, its frame placed at slot `from` or above (the current frame's top, raised for the call). */
  private callFrom(from: number, fn: LuaValue, args: LuaValue[]): LuaValue[] {
    const ci = this.ci;
    const top = ci.top;
    ci.top = Math.max(top, from);
    try {
      return this.call(fn, args);
    } finally {
      ci.top = top;
    }
  }

  /**
   * closeTbc while an error unwinds to a protected call: an error in a __close replaces the one
   * passed on to the next (luaD_closeprotected). Returns the error in the end, and whether any did.
   */
  closeTbcOnError(
    level: number,
    err: LuaValue,
    handle: (e: unknown) => LuaValue = caughtErrorValue,
    onSegment?: (fn: LuaValue, args: LuaValue[]) => boolean,
  ): { error: LuaValue; raised: boolean } {
    let raised = false;
    const ci = this.ci;
    const cdepth = this.cdepth;
    while (this.tbc.length > 0 && this.tbc[this.tbc.length - 1]! >= level) {
      try {
        this.closeTbc(level, err, 0, onSegment);
      } catch (e) {
        // An xpcall's message handler sees it too, where it was raised (the __close's frames still
        // in place): it is still the protected call's handler. So does lua.c's.
        err = handle(e);
        raised = true;
        this.ci = ci;
        this.cdepth = cdepth;
      }
    }
    return { error: err, raised };
  }

  closeUpvals(level: number): void {
    const list = this.openUpvals;
    const s = this.stack;
    while (list.length > 0) {
      const uv = list[list.length - 1]!;
      if (uv.idx < level) break;
      uv.value = s[uv.idx];
      uv.open = false;
      list.pop();
    }
  }

  /**
   * Calls a Lua value from JS (natives, metamethods) and returns all its results. Counted in nCcalls as
   * lua5.4's luaD_call counts it, a __call handler included in the same count.
   */
  call(fn: LuaValue, args: LuaValue[]): LuaValue[] {
    if (++this.nCcalls >= MAX_CCALLS) {
      this.nCcalls--;
      // From the interpreter (a metamethod) the message gets the calling line; from a native none.
      if (this.cdepth === 0) throw new Fault('C stack overflow');
      throw new LuaError('C stack overflow');
    }
    try {
      return this.callCounted(fn, args);
    } finally {
      this.nCcalls--;
    }
  }

  /**
   * call for a protected call: what fn raises comes back as a Caught. A Lua function's error leaves
   * its dispatch loop by a return (executeCaught), not by throws through execute, call and the
   * protected call: V8's throws cost a microsecond or more each, most of a pcall whose function fails.
   */
  callCaught(fn: LuaValue, args: LuaValue[]): LuaValue[] | Caught {
    if (!(fn instanceof LuaClosure) || this.nCcalls + 1 >= MAX_CCALLS) {
      try {
        return this.call(fn, args);
      } catch (e) {
        return new Caught(e);
      }
    }
    this.nCcalls++;
    try {
      return this.runLua(fn, args);
    } catch (e) {
      // no room for fn's frame (StackOverflow): the protected call's error, as lua5.4's
      return new Caught(e);
    } finally {
      this.nCcalls--;
    }
  }

  /**
   * Runs the Lua function fn on a dispatch loop of its own: its results, or the error that stopped the
   * loop, returned (executeCaught). After an error cdepth stays as the loop left it (the protected
   * call, or whoever catches the throw, restores it).
   */
  private runLua(fn: LuaClosure, args: LuaValue[]): LuaValue[] | Caught {
    const fidx = this.enterLua(fn, args);
    const saved = this.cdepth;
    this.cdepth = 0;
    const e = this.executeCaught(this);
    if (e !== undefined) return new Caught(e);
    this.cdepth = saved;
    return this.stack.slice(fidx, this.top);
  }

  /** Puts fn and its arguments above the innermost frame and pushes fn's frame; returns fn's slot. */
  private enterLua(fn: LuaClosure, args: LuaValue[]): number {
    const fidx = this.ci.top;
    this.ensureStack(fidx + 1 + args.length + fn.proto.maxstack + 1);
    const s = this.stack;
    s[fidx] = fn;
    for (let i = 0; i < args.length; i++) s[fidx + 1 + i] = args[i];
    const ci = this.pushFrame(fn, fidx, args.length, -1);
    ci.fromNative = true;
    // cdepth 0: no native is running, so the interpreter itself is calling a metamethod (or an
    // error raised by an instruction calls xpcall's handler, which lua5.4 names as one too).
    ci.metaCall = this.cdepth === 0;
    return fidx;
  }

  private callCounted(fn: LuaValue, args: LuaValue[]): LuaValue[] {
    if (fn instanceof NativeFunction) {
      this.cdepth++;
      try {
        const r = fn.fn(this, args);
        return Array.isArray(r) ? r : [r];
      } catch (e) {
        // A runtime error inside a native has no position (luaG_runerror in a C function).
        const err = e instanceof Fault ? new LuaError(e.message) : e;
        if (err instanceof LuaError && !err.seen && err.raisedBy === null) err.raisedBy = fn;
        throw err;
      } finally {
        this.cdepth--;
      }
    }
    if (fn instanceof LuaClosure) {
      const r = this.runLua(fn, args);
      // thrown here, a small frame, not from the loop (vm/interp.ts execute)
      if (r instanceof Caught) throw r.error;
      return r;
    }
    const h = this.metaOf(fn)?.getStr('__call');
    if (h !== undefined) return this.callCounted(h, [fn, ...args]);
    throw new LuaError(`attempt to call a ${objTypeName(fn)} value`);
  }

  /** Sets up a Lua frame for fn at stack slot fidx with nargs arguments already in place above it. */
  pushFrame(fn: LuaClosure, fidx: number, nargs: number, nresults: number): CallInfo {
    const p = fn.proto;
    const prev = this.ci;
    let ci = prev.next;
    if (ci === null) {
      ci = new CallInfo();
      ci.prev = prev;
      prev.next = ci;
    }
    const base = fidx + 1;
    const top = base + p.maxstack;
    if (top + nargs > this.stack.length) this.ensureStack(top + nargs + 1);
    const s = this.stack;
    const np = p.numparams;
    if (p.isVararg) {
      ci.varargs = nargs > np ? s.slice(base + np, base + nargs) : [];
    } else {
      ci.varargs = null;
    }
    for (let i = nargs; i < np; i++) s[base + i] = undefined;
    ci.closure = fn;
    ci.func = fidx;
    ci.base = base;
    ci.top = top;
    ci.pc = 0;
    ci.nresults = nresults;
    ci.fromNative = false;
    ci.tail = false;
    this.ci = ci;
    return ci;
  }

  metaOf(v: LuaValue): LuaTable | null {
    if (typeof v === 'object' && 'metatable' in v) return v.metatable;
    if (typeof v === 'string') return this.stringMeta;
    return null;
  }

  /**
   * "chunk:line: " of the function `level` calls out from the running native (luaL_where), or "" when
   * that is a native. Natives have no frames: the cdepth - 1 natives above the innermost Lua frame are
   * levels 1.., and a frame entered from a native (not a metamethod call) has one native below it.
   */
  where(level = 1): string {
    let j = level - Math.max(this.cdepth - 1, 0);
    if (j < 1) return '';
    let ci: CallInfo | null = this.ci;
    let bottom = this.baseCi;
    let caller = this.caller;
    while (j > 1 && ci !== null) {
      if (ci.fromNative && !ci.metaCall && --j === 1) return '';
      ci = ci.prev;
      j--;
      if (ci === bottom && caller !== null) {
        bottom = caller.baseCi;
        ci = caller.ci;
        caller = caller.caller;
      }
    }
    if (ci === null || ci.closure === null) return '';
    const p = ci.closure.proto;
    return `${p.source}:${p.lines[Math.max(ci.pc - 1, 0)]}: `;
  }
}

/** What LuaState.callCaught's function raised. */
export class Caught {
  constructor(readonly error: unknown) {}
}

/** What a native returns to the interpreter's CALL instead of throwing (raiseFromNative). */
export const RAISED: LuaValue[] = Object.freeze([]) as unknown as LuaValue[];

/**
 * How a native (`self`) raises e: when the interpreter's CALL called it (the native in the slot the
 * CALL runs is this one), by returning RAISED, for the loop to take e from L.raised as if it had
 * caught it; otherwise by throwing. A V8 throw costs a microsecond or more (the loop's catch, then
 * the rethrows on the way to the protected call), and `error` and `assert` raise often under pcall.
 */
export function raiseFromNative(L: LuaState, self: NativeFn, e: LuaError): LuaValue[] {
  if (!calledByLoop(L, self)) throw e;
  L.raised = e;
  return RAISED;
}

/**
 * Whether the running native `self` was called by the interpreter's CALL itself (callNative: the
 * native in the slot the CALL runs is this one, and no native runs between them), so that it may
 * leave the loop by returning a sentinel (RAISED, vm/coroutine.ts YIELDED) instead of throwing.
 */
export function calledByLoop(L: LuaState, self: NativeFn): boolean {
  const f = L.nativeAt >= 0 && L.cdepth === 1 ? L.stack[L.nativeAt] : undefined;
  return f instanceof NativeFunction && f.fn === self;
}

export class StackOverflow extends Error {
  constructor() {
    super('stack overflow');
  }
}

/**
 * The Lua message for an error the host raised, or undefined for any other error (a bug, which must
 * not be caught as a Lua error): 'stack overflow' for JS recursion past V8's limit, and 'not enough
 * memory' for a string, array, buffer or Map larger than V8 makes (a string of 2^29 characters, a
 * Map of 2^24 entries), which is lua5.4's message when an allocation fails. Both are errors pcall
 * catches, as in lua5.4.
 */
export function hostErrorMessage(e: unknown): string | undefined {
  if (e instanceof StackOverflow) return 'stack overflow';
  if (!(e instanceof RangeError)) return undefined;
  // No regular expression here: this runs where the stack just ran out, and compiling one on its
  // first use needs more stack ("Invalid regular expression: Maximum call stack size exceeded").
  const m = e.message;
  if (m.includes('call stack')) return 'stack overflow';
  // a Map (a table's keys past its shape) holds at most 2^24 entries
  if (
    m.startsWith('Invalid string length') ||
    m.startsWith('Invalid array length') ||
    m.startsWith('Invalid typed array length') ||
    m.includes('allocation failed') ||
    m.includes('maximum size exceeded')
  ) {
    return 'not enough memory';
  }
  return undefined;
}

export function typeName(v: LuaValue): string {
  switch (typeof v) {
    case 'undefined':
      return 'nil';
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    default:
      if (v instanceof LuaClosure || v instanceof NativeFunction) return 'function';
      if (v instanceof LuaUserdata) return 'userdata';
      if ('metatable' in v) return 'table';
      if (v instanceof LuaThread) return 'thread';
      return 'number';
  }
}

/** The type name error messages use (luaT_objtypename): a table's metatable may give a `__name`. */
export function objTypeName(v: LuaValue): string {
  if (typeof v === 'object' && 'metatable' in v && v.metatable !== null) {
    const name = v.metatable.getStr('__name');
    if (typeof name === 'string') return name;
  }
  return typeName(v);
}

/** The value a protected call (pcall, a coroutine's body) catches; anything else (os.exit, a host bug) goes on up. */
export function caughtErrorValue(e: unknown): LuaValue {
  if (e instanceof LuaError) return e.value;
  const host = hostErrorMessage(e);
  if (host !== undefined) return host;
  throw e;
}
