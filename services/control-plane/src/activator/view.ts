// What the activator knows about the workloads behind it, kept in memory so that a request to a running
// workload costs no database round trip. Refreshed from the database about once a second; a name it does
// not know is looked up once (and remembered as missing for a refresh interval) so that a workload registered
// a moment ago is served at once and a stream of bad names cannot hammer the database.
import type { PrismaClient } from '../db';

export type ObservedStateName = 'on' | 'off' | 'scaled' | 'unknown';

export interface ActivatorWorkload {
  id: string;
  name: string;
  /** Base URL without a trailing slash, query or fragment. */
  upstream: string;
  observedState: ObservedStateName;
  desiredState: 'on' | 'off' | null;
}

export type Lookup =
  { workload: ActivatorWorkload } | { missing: 'unknown' } | { missing: 'not-behind'; why: string };

/**
 * Whether requests can go straight through. "unknown" is what a workload never acted on (or a target that
 * cannot be asked) reports; it counts as running unless LightSwitch last wanted it off.
 */
export function isAwake(w: Pick<ActivatorWorkload, 'observedState' | 'desiredState'>): boolean {
  if (w.observedState === 'on' || w.observedState === 'scaled') return true;
  return w.observedState === 'unknown' && w.desiredState !== 'off';
}

/** The normalised base URL of a target's `upstream`, or why it has none. */
export function upstreamOf(target: unknown): string | { why: string } {
  const raw = (target as { upstream?: unknown } | null)?.upstream;
  if (raw === undefined || raw === null) return { why: 'its target has no upstream' };
  if (typeof raw !== 'string') return { why: 'its target.upstream is not a string' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { why: `its target.upstream "${raw}" is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { why: `its target.upstream "${raw}" is not an http(s) URL` };
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

interface Row {
  id: string;
  name: string;
  target: unknown;
  observedState: string;
  desiredState: string | null;
}

const MAX_REMEMBERED_MISSES = 10_000;

export interface WorkloadViewOptions {
  refreshMs?: number;
  onRefresh?: (workloads: readonly ActivatorWorkload[]) => void;
  onError?: (error: unknown) => void;
}

export class WorkloadView {
  private byName = new Map<string, ActivatorWorkload>();
  /** When each workload's state was last set here rather than read (a wake seen through). */
  private readonly setLocally = new Map<string, number>();
  private readonly misses = new Map<string, { lookup: Lookup; untilMs: number }>();
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly refreshMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: WorkloadViewOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 1000;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => {
      this.refresh().catch((error: unknown) => this.options.onError?.(error));
    }, this.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing?.catch(() => undefined);
  }

  get(name: string): ActivatorWorkload | undefined {
    return this.byName.get(name);
  }

  all(): ActivatorWorkload[] {
    return [...this.byName.values()];
  }

  /** The workload by name; a name not in the view is looked up in the database (at most once a refresh). */
  async lookup(name: string): Promise<Lookup> {
    const known = this.byName.get(name);
    if (known) return { workload: known };
    const now = Date.now();
    const miss = this.misses.get(name);
    if (miss && miss.untilMs > now) return miss.lookup;
    const row = await this.prisma.workload.findUnique({
      where: { name },
      select: {
        id: true,
        name: true,
        target: true,
        state: { select: { observedState: true, desiredState: true } },
      },
    });
    let lookup: Lookup;
    if (!row) lookup = { missing: 'unknown' };
    else {
      const workload = toWorkload({
        id: row.id,
        name: row.name,
        target: row.target,
        observedState: row.state?.observedState ?? 'unknown',
        desiredState: row.state?.desiredState ?? null,
      });
      if ('why' in workload) lookup = { missing: 'not-behind', why: workload.why };
      else {
        this.byName.set(name, workload);
        this.options.onRefresh?.(this.all());
        return { workload };
      }
    }
    if (this.misses.size >= MAX_REMEMBERED_MISSES) this.misses.clear();
    this.misses.set(name, { lookup, untilMs: now + this.refreshMs });
    return lookup;
  }

  /** Records what a wake (or a failed forward) showed, without waiting for the next refresh. */
  setObserved(id: string, observedState: ObservedStateName, desiredState?: 'on' | 'off'): void {
    for (const w of this.byName.values()) {
      if (w.id !== id) continue;
      w.observedState = observedState;
      if (desiredState) w.desiredState = desiredState;
      this.setLocally.set(id, Date.now());
    }
  }

  /** Reloads every workload behind the activator; concurrent callers share one query. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const startedAt = Date.now();
    const rows = await this.prisma.$queryRaw<Row[]>`
      SELECT w."id"::text AS "id", w."name", w."target",
             COALESCE(s."observedState"::text, 'unknown') AS "observedState",
             s."desiredState"::text AS "desiredState"
      FROM "Workload" w LEFT JOIN "WorkloadState" s ON s."workloadId" = w."id"
      WHERE jsonb_typeof(w."target"->'upstream') = 'string'`;
    const next = new Map<string, ActivatorWorkload>();
    for (const row of rows) {
      const workload = toWorkload(row);
      if ('why' in workload) continue;
      const local = this.setLocally.get(workload.id);
      const previous = this.byName.get(workload.name);
      // A state set here after this query started is newer than what the query read.
      if (local !== undefined && local >= startedAt && previous) {
        workload.observedState = previous.observedState;
        workload.desiredState = previous.desiredState;
      } else this.setLocally.delete(workload.id);
      next.set(workload.name, workload);
    }
    this.byName = next;
    this.misses.clear();
    this.options.onRefresh?.(this.all());
  }
}

function toWorkload(row: Row): ActivatorWorkload | { why: string } {
  const upstream = upstreamOf(row.target);
  if (typeof upstream !== 'string') return upstream;
  const observed = row.observedState as ObservedStateName;
  return {
    id: row.id,
    name: row.name,
    upstream,
    observedState: ['on', 'off', 'scaled', 'unknown'].includes(observed) ? observed : 'unknown',
    desiredState: row.desiredState === 'on' || row.desiredState === 'off' ? row.desiredState : null,
  };
}
