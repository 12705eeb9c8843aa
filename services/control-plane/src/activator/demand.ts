// Demand as the idle policy reads it: requests counted per workload over windows, one DemandSample per window
// whose `time` is the window's end. Zero-request windows are written too: they are what keeps the signal
// fresh (signals/service.ts calls demand stale after max(300 s, two windows) without a sample).
import type { Prisma, PrismaClient } from '../db';

export const ACTIVATOR_DEMAND_SOURCE = 'activator';

export interface DemandRow {
  workloadId: string;
  /** End of the window. */
  time: Date;
  windowSeconds: number;
  requests: number;
  source: string;
}

/** Writes demand samples in one statement; returns how many were written. */
export async function recordDemand(
  prisma: PrismaClient | Prisma.TransactionClient,
  rows: readonly DemandRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const { count } = await prisma.demandSample.createMany({ data: [...rows] });
  return count;
}

/** Rows taken out of a counter, with what putting them back needs should the write fail. */
export interface TakenDemand {
  rows: DemandRow[];
  /** Each row's window start (ms), in the order of rows. */
  starts: number[];
}

interface Window {
  requests: number;
  startMs: number;
}

/**
 * Counts requests per workload in memory between writes. take*() closes the current window of a workload
 * (its length is the time since the previous one closed, so a window cut short by a wake says so);
 * restore() puts taken counts back after a failed write, and the next window then spans both.
 */
export class DemandCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly source = ACTIVATOR_DEMAND_SOURCE,
    private readonly nowMs: () => number = Date.now,
  ) {}

  count(workloadId: string, requests = 1): void {
    const w = this.windows.get(workloadId);
    if (w) w.requests += requests;
    else this.windows.set(workloadId, { requests, startMs: this.nowMs() });
  }

  /** Starts the windows of workloads not counted yet, so their first (possibly empty) window starts now. */
  track(workloadIds: Iterable<string>): void {
    const now = this.nowMs();
    for (const id of workloadIds)
      if (!this.windows.has(id)) this.windows.set(id, { requests: 0, startMs: now });
  }

  /** Requests counted for a workload and not yet taken. */
  pending(workloadId: string): number {
    return this.windows.get(workloadId)?.requests ?? 0;
  }

  /** Closes one workload's window at endMs. */
  take(workloadId: string, endMs = this.nowMs()): TakenDemand {
    const taken: TakenDemand = { rows: [], starts: [] };
    this.closeInto(taken, workloadId, endMs);
    return taken;
  }

  /**
   * Closes the windows of `workloadIds` (zero requests if none came) and of any other workload that has
   * counted requests; forgets workloads no longer listed once their counts are out.
   */
  takeAll(workloadIds: Iterable<string>, endMs = this.nowMs()): TakenDemand {
    const taken: TakenDemand = { rows: [], starts: [] };
    const listed = new Set(workloadIds);
    for (const id of listed) this.closeInto(taken, id, endMs);
    for (const [id, w] of this.windows) {
      if (listed.has(id)) continue;
      if (w.requests > 0) this.closeInto(taken, id, endMs);
      this.windows.delete(id);
    }
    return taken;
  }

  restore(taken: TakenDemand): void {
    taken.rows.forEach((row, i) => {
      const startMs = taken.starts[i]!;
      const w = this.windows.get(row.workloadId);
      if (!w) this.windows.set(row.workloadId, { requests: row.requests, startMs });
      else {
        w.requests += row.requests;
        w.startMs = Math.min(w.startMs, startMs);
      }
    });
  }

  private closeInto(taken: TakenDemand, workloadId: string, endMs: number): void {
    const w = this.windows.get(workloadId);
    // A workload first seen now has an empty window: nothing to say about it yet.
    if (!w) {
      this.windows.set(workloadId, { requests: 0, startMs: endMs });
      return;
    }
    if (endMs <= w.startMs && w.requests === 0) return;
    taken.rows.push({
      workloadId,
      time: new Date(endMs),
      windowSeconds: Math.max(1, Math.round((endMs - w.startMs) / 1000)),
      requests: w.requests,
      source: this.source,
    });
    taken.starts.push(w.startMs);
    w.requests = 0;
    w.startMs = endMs;
  }
}
