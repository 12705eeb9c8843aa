import type { LuaValue, NativeFunction } from '../vm/value.ts';

/**
 * Turns V8's stack capture off for the Error constructor that runs next; returns the limit to restore.
 * Lua errors report Lua positions, and capturing the JS stack cost a third of the time of a pcall
 * loop whose callee raises.
 */
function noJsStack(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return limit;
}

/** A Lua error in flight: `value` is what pcall returns (usually a message with a position). */
export class LuaError extends Error {
  traceback: string | undefined;
  /**
   * Set by the first dispatch loop it leaves, the one it was raised in (its frames are still in place
   * when a protected call catches it); natives: how many natives were running above that loop's frame.
   */
  seen = false;
  natives = 0;
  /** The native it left first, when LuaState.call had called that one (the innermost of `natives`). */
  raisedBy: NativeFunction | null = null;
  constructor(readonly value: LuaValue) {
    const limit = noJsStack();
    super(typeof value === 'string' ? value : 'lua error');
    Error.stackTraceLimit = limit;
  }
}

/** What an operand was, for messages such as "(local 'x')" - which operand the instruction blames. */
export type Blame = 'A' | 'B' | 'C' | 'none';

/**
 * An error raised by the interpreter's own operations. It carries no position yet: the dispatch loop
 * that catches it knows the faulting instruction, adds "chunk:line:" and the variable description,
 * and rethrows it as a LuaError.
 */
export class Fault extends Error {
  /** Raised by what lua5.4 does in a C metamethod (the string library's arithmetic): a "[C]" level. */
  inNative = false;
  constructor(
    message: string,
    readonly blame: Blame = 'none',
    /** The message ends with a type name; varinfo for the blamed operand is appended. */
    readonly withVarInfo = false,
    /** Where in the message the varinfo goes, when not at the end ("number%s has no ..."). */
    readonly varInfoAt = -1,
  ) {
    const limit = noJsStack();
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** A syntax or compile error: "chunk:line: message near 'token'". */
export class LuaSyntaxError extends LuaError {}

/**
 * The parser's "C stack overflow" (lparser.c's enterlevel past LUAI_MAXCCALLS): a runtime error that
 * lua_load's protected parse hands to the running message handler, unlike a syntax error.
 */
export class ParserCStackOverflow extends LuaSyntaxError {}
