// A CPU executor thread: runs stage tasks on morsels it receives (buffers transferred, not copied) and
// transfers its results back.
import { parentPort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { transferList } from '../morsel/columns.ts';
import { CsvParseFailure } from '../csv/errors.ts';
import type { TaskRequest, TaskResponse, WireError } from './protocol.ts';
import { dropAgg, finishAgg, runStage } from './stage.ts';

// A worker spends its first chunks in the generated row loop before V8 has optimised it. With concurrent
// on-stack replacement the loop keeps running unoptimised while a background thread compiles it, and with
// every core already busy (the other workers, the reader) that compile waits for a core: a worker's first
// two chunks took 130 ms instead of 10. Compiling on the worker's own thread, while it waits anyway, takes
// 25 ms (Q2 at 10M rows: 525 -> 450 ms). The flag is process-wide, and OSR on the main thread, which runs
// no hot loops of the engine, is rare enough not to matter.
setFlagsFromString('--no-concurrent-osr');

const port = parentPort!;

port.on('message', (req: TaskRequest) => {
  let res: TaskResponse;
  let transfer: ArrayBuffer[] = [];
  let recycle: ArrayBuffer | undefined;
  try {
    const t = req.task;
    let result: unknown;
    if (t.kind === 'stage') {
      const out = runStage(t.stage, t.input);
      if (out.morsel) transfer = transferList(out.morsel);
      result = out;
      if (t.input.kind === 'csv') {
        recycle = t.input.bytes.buffer as ArrayBuffer;
        if (transfer.includes(recycle)) recycle = undefined;
        else transfer.push(recycle);
      }
    } else if (t.kind === 'aggFinish') {
      const m = finishAgg(t.key);
      if (m) transfer = transferList(m);
      result = m ?? null;
    } else if (t.kind === 'aggDrop') {
      dropAgg(t.key);
      result = null;
    } else {
      process.exit(3);
    }
    res = { id: req.id, ok: true, result, recycle };
  } catch (err) {
    const e = err as Error;
    const wire: WireError = { name: e?.name ?? 'Error', message: e?.message ?? String(err) };
    if (err instanceof CsvParseFailure) wire.csv = err.info;
    res = { id: req.id, ok: false, error: wire };
  }
  port.postMessage(res, transfer);
});
