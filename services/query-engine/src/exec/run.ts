// Runs a pipeline: every node is an async task on the main event loop (the I/O executor) connected to the
// next by a bounded channel; parallel stages hand each morsel to the worker pool (the CPU executor) and put
// results back in order with a linearizer. The first error anywhere cancels every node and is what the
// caller sees; a consumer that stops early cancels the pipeline the same way.
import type { Morsel } from '../morsel/types.ts';
import { ownedCopy, sliceMorsel, transferList } from '../morsel/columns.ts';
import { columnFromValues } from '../morsel/rows.ts';
import { DEFAULT_MORSEL_ROWS } from '../morsel/types.ts';
import { addOffset, addTotal } from '../expr/kernels/cumsum.ts';
import { DataError } from '../expr/errors.ts';
import { readChunks } from '../csv/reader.ts';
import { columnsOf } from '../expr/ast.ts';
import { boundArrow, type ArrowBindings } from '../plan/arrow-input.ts';
import { CsvParseFailure, resolveCsvError } from '../csv/errors.ts';
import { Channel, Closed } from './channel.ts';
import { Linearizer } from './linearizer.ts';
import { TaskGroup } from './waitgroup.ts';
import { availableParallelism } from 'node:os';
import { RemoteError, poolOfSize, type WorkerPool } from './pool.ts';
import { GroupState } from './groupby.ts';
import { dropAgg, finishAgg, runStage } from './stage.ts';
import type { Pipeline, Segment } from './physical.ts';
import type { StageInput, StageOutput } from './protocol.ts';

export interface ExecOptions {
  /** Worker threads for compute; 0 runs everything on the main thread. Default: available cores. */
  workers?: number;
  /** Target rows per morsel (CSV chunks are cut by bytes to approximate it). */
  morselRows?: number;
  signal?: AbortSignal;
  /**
   * Compile what can be compiled into the CSV row loop (a group-by's folding, a stage's filters and
   * projections). Default true; false runs every operator column at a time, for comparison.
   */
  fuse?: boolean;
}

interface Item {
  seq: number;
  input: StageInput;
  /** The morsel views memory the engine does not own (an Arrow source): copy it before a transfer. */
  shared?: boolean;
  /** A bigint for an int64 total beyond 2^53 (StageOutput declares number[]; see EvalContext). */
  cumTotals: readonly (number | bigint)[];
}

const itemMorsel = (it: Item): Morsel => {
  if (it.input.kind !== 'morsel') throw new Error('internal: raw CSV chunk past the first stage');
  return it.input.morsel;
};

/**
 * Starts the query's worker threads, if they are not running yet, without waiting for them: a thread takes
 * ~30 ms to come up, which can overlap reading the file's header and planning instead of delaying the first
 * morsel.
 */
export function startWorkers(opts: ExecOptions): void {
  const workers = workerCount(opts);
  if (workers > 0) poolOfSize(workers);
}

const workerCount = (opts: ExecOptions): number => opts.workers ?? availableParallelism();

/** Morsels of the pipeline's output, in order. */
export async function* runPipeline(
  pl: Pipeline,
  opts: ExecOptions,
  arrow?: ArrowBindings,
): AsyncGenerator<Morsel> {
  const workers = workerCount(opts);
  const pool = workers > 0 ? poolOfSize(workers) : undefined;
  const morselRows = Math.max(1, opts.morselRows ?? DEFAULT_MORSEL_ROWS);
  const abort = new AbortController();
  const channels: Channel<Item>[] = [];
  const linearizers: Linearizer<Item>[] = [];
  let failure: unknown;
  const cancel = (reason: unknown) => {
    if (!abort.signal.aborted) abort.abort(reason);
    for (const c of channels) c.fail(reason);
    for (const l of linearizers) l.fail(reason);
  };
  const group = new TaskGroup((err) => {
    failure ??= err;
    cancel(err);
  });
  const onUserAbort = () => cancel(opts.signal?.reason ?? new Error('query cancelled'));
  opts.signal?.addEventListener('abort', onUserAbort, { once: true });
  const channel = () => {
    const c = new Channel<Item>(1);
    channels.push(c);
    return c;
  };

  // ---- source
  let head = channel();
  const out0 = head;
  group.spawn(async () => {
    let seq = 0;
    try {
      if (pl.source.kind === 'csv') {
        const target = Math.max(1, Math.round(morselRows * pl.source.layout.bytesPerRow));
        for await (const chunk of readChunks(pl.source.layout, target, abort.signal)) {
          await out0.send({ seq, input: { kind: 'csv', ...chunk, seq }, cumTotals: [] });
          seq++;
        }
      } else if (pl.source.node.arrow !== undefined) {
        const node = pl.source.node;
        const data = boundArrow(node.arrow!, arrow);
        // only the columns some operator reads are converted (projection push-down)
        const full = await data.schema();
        const needed = new Set([
          ...(node.projection ?? full.map((f) => f.name)),
          ...(node.predicate ? columnsOf(node.predicate) : []),
        ]);
        const names = full.filter((f) => needed.has(f.name)).map((f) => f.name);
        // loaded here, not at import: apache-arrow is heavy and most queries never touch it
        const { arrowToMorsels } = await import('../sinks/arrow-source.ts');
        for await (const m of arrowToMorsels(data.batches(), morselRows, names)) {
          if (abort.signal.aborted) break;
          await out0.send({
            seq,
            input: { kind: 'morsel', morsel: { ...m, seq } },
            cumTotals: [],
            shared: true,
          });
          seq++;
        }
      } else {
        const node = pl.source.node;
        const n = node.columns[0]?.length ?? 0;
        const all: Morsel = {
          seq: 0,
          length: n,
          schema: node.schema,
          columns: node.schema.map((f, j) => columnFromValues(f.type, node.columns[j] ?? [])),
        };
        for (let s = 0; s < n; s += morselRows) {
          const m = sliceMorsel(all, s, Math.min(n, s + morselRows));
          await out0.send({ seq, input: { kind: 'morsel', morsel: { ...m, seq } }, cumTotals: [] });
          seq++;
        }
      }
      out0.close();
    } catch (err) {
      if (!(err instanceof Closed)) throw err;
    }
  });

  // ---- segments
  const aggKeyRuns: string[] = [];
  for (const seg of pl.segments) {
    const input = head;
    const output = channel();
    if (seg.kind === 'parallel') spawnParallel(seg, input, output);
    else spawnSerial(seg, input, output);
    head = output;
  }

  function spawnParallel(
    seg: Extract<Segment, { kind: 'parallel' }>,
    input: Channel<Item>,
    output: Channel<Item>,
  ) {
    const drivers = pool ? workers * 2 : 1;
    const lin = new Linearizer<Item>(drivers);
    linearizers.push(lin);
    if (seg.stage.agg) aggKeyRuns.push(seg.stage.agg.key);
    const stage = opts.fuse === false ? { ...seg.stage, noFuse: true } : seg.stage;
    for (let d = 0; d < drivers; d++) {
      group.spawn(async () => {
        try {
          for (;;) {
            const it = await input.recv();
            if (it === undefined) break;
            let res: StageOutput;
            if (pool) {
              const input: StageInput =
                it.shared && it.input.kind === 'morsel'
                  ? { kind: 'morsel', morsel: ownedCopy(it.input.morsel) }
                  : it.input;
              const transfer =
                input.kind === 'csv' ? [input.bytes.buffer as ArrayBuffer] : transferList(input.morsel);
              res = await pool.run<StageOutput>({ kind: 'stage', stage, input }, transfer, {
                priority: seg.priority,
                signal: abort.signal,
              });
            } else res = runStage(stage, it.input);
            const morsel = res.morsel ? { ...res.morsel, seq: it.seq } : undefined;
            await lin.insert(d, {
              seq: it.seq,
              input: morsel ? { kind: 'morsel', morsel } : it.input,
              cumTotals: res.cumTotals,
            });
          }
        } catch (err) {
          if (!(err instanceof Closed)) throw err;
        } finally {
          lin.finish(d);
        }
      });
    }
    group.spawn(async () => {
      try {
        for (;;) {
          const it = await lin.get();
          if (it === undefined) break;
          if (!seg.stage.agg) await output.send(it);
        }
        output.close();
      } catch (err) {
        if (!(err instanceof Closed)) throw err;
        // downstream wants no more: stop the drivers and everything upstream of them
        lin.fail(err);
        input.fail(err);
      }
    });
  }

  function spawnSerial(
    seg: Exclude<Segment, { kind: 'parallel' }>,
    input: Channel<Item>,
    output: Channel<Item>,
  ) {
    group.spawn(async () => {
      try {
        if (seg.kind === 'fixup') {
          const running: (number | bigint)[] = [];
          for (;;) {
            const it = await input.recv();
            if (it === undefined) break;
            const m = itemMorsel(it);
            const columns = [...m.columns];
            // int64 running totals add exactly (they may pass 2^53 long before any single value does)
            const exact = new Set<number>();
            // a morsel out of the parallel stage owns fresh arrays (morsel/columns.ts), so a running sum
            // may be shifted in place unless another column of the morsel shares its array
            const shared = sharedArrays(columns);
            for (const { name, cum } of seg.cols) {
              const j = m.schema.findIndex((f) => f.name === name);
              if (j < 0) continue;
              const c = columns[j]!;
              columns[j] = addOffset(c, running[cum] ?? 0, 'values' in c && !shared.has(c.values.buffer));
              if (m.schema[j]!.type === 'int64') exact.add(cum);
            }
            it.cumTotals.forEach((t, k) => (running[k] = addTotal(running[k] ?? 0, t, exact.has(k))));
            await output.send({
              seq: it.seq,
              input: { kind: 'morsel', morsel: { ...m, columns } },
              cumTotals: [],
            });
          }
        } else {
          let left = seg.n;
          for (;;) {
            if (left === 0) break;
            const it = await input.recv();
            if (it === undefined) break;
            let m = itemMorsel(it);
            if (m.length > left) m = sliceMorsel(m, 0, left);
            left -= m.length;
            await output.send({ seq: it.seq, input: { kind: 'morsel', morsel: m }, cumTotals: [] });
          }
          // enough rows: stop everything upstream (the reader stops reading the file)
          input.fail(new Closed('limit reached'));
        }
        output.close();
      } catch (err) {
        if (!(err instanceof Closed)) throw err;
        input.fail(err);
      }
    });
  }

  const done = group.wait();
  done.catch(() => undefined);
  let completed = false;
  try {
    if (pl.agg) {
      await done;
      yield await finishAggregation(pl, pool);
    } else {
      let sent = false;
      for (;;) {
        const it = await head.recv().catch((err) => {
          if (err instanceof Closed && failure === undefined) return undefined;
          throw failure ?? err;
        });
        if (it === undefined) break;
        sent = true;
        yield itemMorsel(it);
      }
      await done;
      if (!sent)
        yield {
          seq: 0,
          length: 0,
          schema: pl.schema,
          columns: pl.schema.map((f) => columnFromValues(f.type, [])),
        };
    }
    completed = true;
  } catch (err) {
    throw await explain(failure ?? err, pl);
  } finally {
    opts.signal?.removeEventListener('abort', onUserAbort);
    if (!completed) {
      cancel(new Closed('pipeline cancelled'));
      await done.catch(() => undefined);
      for (const key of aggKeyRuns) {
        dropAgg(key);
        if (pool)
          for (let w = 0; w < pool.size; w++)
            void pool.run({ kind: 'aggDrop', key }, [], { worker: w }).catch(() => undefined);
      }
    }
  }
}

async function finishAggregation(pl: Pipeline, pool: WorkerPool | undefined): Promise<Morsel> {
  const { spec, keyTypes, aggTypes } = pl.agg!;
  const merged = new GroupState(spec);
  const partials: (Morsel | null | undefined)[] = pool
    ? await Promise.all(
        Array.from({ length: pool.size }, (_, w) =>
          pool.run<Morsel | null>({ kind: 'aggFinish', key: spec.key }, [], { worker: w }),
        ),
      )
    : [finishAgg(spec.key)];
  for (const p of partials) if (p && p.length) merged.merge(p);
  return merged.result(keyTypes, aggTypes);
}

/**
 * Turns worker-side failures into errors that name the place: file, line and column for CSV data. A data
 * error raised in a worker becomes a DataError again, so callers (the service's 422) see the same class
 * whatever thread found it.
 */
async function explain(err: unknown, pl: Pipeline): Promise<unknown> {
  if (pl.source.kind === 'csv') {
    const info =
      err instanceof RemoteError ? err.wire.csv : err instanceof CsvParseFailure ? err.info : undefined;
    if (info) return resolveCsvError(pl.source.layout.path, info);
  }
  if (err instanceof RemoteError && err.wire.name === 'DataError') return new DataError(err.message);
  return err;
}

/** The buffers that more than one column of `columns` reads (values, validity, offsets or bytes). */
function sharedArrays(columns: Morsel['columns']): Set<ArrayBufferLike> {
  const seen = new Set<ArrayBufferLike>();
  const shared = new Set<ArrayBufferLike>();
  for (const c of columns) {
    const mine = new Set<ArrayBufferLike>();
    for (const a of [
      c.validity,
      'values' in c ? c.values : undefined,
      'offsets' in c ? c.offsets : undefined,
    ])
      if (a) mine.add(a.buffer);
    if ('bytes' in c) mine.add(c.bytes.buffer);
    for (const b of mine) (seen.has(b) ? shared : seen).add(b);
  }
  return shared;
}
