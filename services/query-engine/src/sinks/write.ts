// Writing to a Node Writable while honouring back-pressure: a sink never runs ahead of the consumer by
// more than one morsel's output.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export async function writeAll(out: Writable, chunks: readonly Uint8Array[]): Promise<void> {
  if (chunks.length === 0) return;
  if (out.destroyed) throw new Error('output stream is destroyed');
  // Corking turns the many small pieces (Arrow metadata, padding) into one writev.
  out.cork();
  for (const c of chunks) out.write(c);
  out.uncork();
  if (out.writableNeedDrain) await drained(out);
}

function drained(out: Writable): Promise<void> {
  // Listening for 'error' and 'close' too keeps a dead consumer from hanging the producer forever.
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain).off('error', onError).off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (err: Error) => done(err);
    const onClose = () => done(new Error('output stream closed before draining'));
    out.on('drain', onDrain).on('error', onError).on('close', onClose);
  });
}

/** Ends the stream and waits until everything is flushed. */
export async function finish(out: Writable, end: boolean): Promise<void> {
  if (!end) return;
  const done = once(out, 'finish');
  out.end();
  await done;
}
