// What the tracing JIT did during one run: reported by `lsjit --stats` and the service's POST /run.
export interface JitStats {
  /** Loops that became hot and had a trace recorded (root traces and side traces). */
  tracesRecorded: number;
  /** Traces turned into JavaScript and compiled with `new Function`. */
  tracesCompiled: number;
  /** Recordings abandoned (untraceable operation, trace too long, ...). */
  tracesAborted: number;
  /** Loops no longer considered for tracing after repeated aborts. */
  blacklisted: number;
  /** Guard failures that left a compiled trace back into the interpreter. */
  sideExits: number;
  /** Promote guards made and pure calls folded by the recorded traces (`--@` hints). */
  hintsApplied: number;
  /** Instructions recordings went through, aborted ones included: the recorder's share of the work. */
  instructionsRecorded: number;
}

export function emptyJitStats(): JitStats {
  return {
    tracesRecorded: 0,
    tracesCompiled: 0,
    tracesAborted: 0,
    blacklisted: 0,
    sideExits: 0,
    hintsApplied: 0,
    instructionsRecorded: 0,
  };
}

/**
 * One line for `lsjit --stats`: "3 traces recorded, 3 compiled, 0 aborted, 0 blacklisted, 12 side
 * exits", and ", 2 hints applied" when a program's hints were used.
 */
export function formatJitStats(s: JitStats): string {
  return (
    `${s.tracesRecorded} traces recorded, ${s.tracesCompiled} compiled, ${s.tracesAborted} aborted, ` +
    `${s.blacklisted} blacklisted, ${s.sideExits} side exits` +
    (s.hintsApplied > 0 ? `, ${s.hintsApplied} hints applied` : '')
  );
}
