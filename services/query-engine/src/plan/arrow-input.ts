// The data behind a fromArrow() source. A plan only names it (plans travel as JSON, the data cannot), and
// the LazyFrame keeps name -> ArrowData beside the plan. A Table, an array of batches or IPC bytes can be
// read any number of times; a one-shot iterator is peeked for its schema and then read once.
// apache-arrow is loaded only when an Arrow source is read: importing it costs every process that never
// uses one (a CSV query, the service's start) ~150 ms of CPU and ~15 MiB.
import type { RecordBatch, Schema as ArrowSchema, Table } from 'apache-arrow';
import type { Schema } from '../morsel/types.ts';
import { QueryError } from '../expr/errors.ts';

/** What fromArrow() takes: a Table, RecordBatches (iterable or async iterable), or IPC file/stream bytes. */
export type ArrowInput = Table | Iterable<RecordBatch> | AsyncIterable<RecordBatch> | Uint8Array;

type BatchIterator = Iterator<RecordBatch> | AsyncIterator<RecordBatch>;

// duck-typed: an apache-arrow loaded twice (two copies in node_modules) fails instanceof
const isTable = (x: object): x is Table => 'batches' in x && Array.isArray(x.batches) && 'schema' in x;

export class ArrowData {
  private reusable: readonly RecordBatch[] | undefined;
  private iterator: BatchIterator | undefined;
  private source: object;
  /** IPC bytes not decoded yet. */
  private ipc: Uint8Array | undefined;
  private arrowSchema: ArrowSchema | undefined;
  /** The first batch, read early to learn the schema of a one-shot source. */
  private head: RecordBatch | undefined;
  private peeked = false;
  private consumed = false;

  constructor(
    readonly name: string,
    input: ArrowInput,
  ) {
    this.source = input;
    if (input instanceof Uint8Array) this.ipc = input;
    else this.adopt(input);
  }

  private adopt(data: object): void {
    this.source = data;
    if (isTable(data)) {
      this.reusable = data.batches;
      this.arrowSchema = data.schema;
    } else if (Array.isArray(data)) this.reusable = data as RecordBatch[];
    else if (Symbol.asyncIterator in data)
      this.iterator = (data as AsyncIterable<RecordBatch>)[Symbol.asyncIterator]();
    else if (Symbol.iterator in data) this.iterator = (data as Iterable<RecordBatch>)[Symbol.iterator]();
    else
      throw new QueryError(
        'fromArrow needs a Table, RecordBatches (iterable or async iterable) or Arrow IPC bytes',
      );
  }

  private async decode(): Promise<void> {
    if (this.ipc === undefined) return;
    const bytes = this.ipc;
    const { tableFromIPC } = await import('apache-arrow');
    let table: Table;
    try {
      table = tableFromIPC(bytes);
    } catch (err) {
      throw new QueryError(
        `fromArrow: the bytes are not an Arrow IPC file or stream (${(err as Error).message})`,
      );
    }
    this.ipc = undefined;
    this.adopt(table);
  }

  async schema(): Promise<Schema> {
    await this.decode();
    if (!this.arrowSchema) {
      if (this.reusable) this.arrowSchema = this.reusable[0]?.schema;
      else if (!this.peeked) {
        this.peeked = true;
        const r = await this.iterator!.next();
        if (!r.done) this.head = r.value;
        // a RecordBatchReader knows its schema even when it has no batches
        const own = (this.source as { schema?: ArrowSchema }).schema;
        this.arrowSchema = this.head?.schema ?? own;
      }
    }
    if (!this.arrowSchema) return [];
    const { schemaFromArrow } = await import('../sinks/arrow-source.ts');
    return schemaFromArrow(this.arrowSchema);
  }

  async *batches(): AsyncGenerator<RecordBatch> {
    await this.decode();
    if (this.reusable) {
      yield* this.reusable;
      return;
    }
    if (this.consumed)
      throw new QueryError(
        `the Arrow source ${JSON.stringify(this.name)} was a one-shot iterator and has been read already; ` +
          'pass a Table, an array of RecordBatches or IPC bytes to query it more than once',
      );
    this.consumed = true;
    const it = this.iterator!;
    if (this.peeked) {
      if (this.head === undefined) return;
      yield this.head;
      this.head = undefined;
    }
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
}

/** Data for a plan's fromArrow() sources, by name. */
export type ArrowBindings = ReadonlyMap<string, ArrowData>;

export function boundArrow(name: string, arrow: ArrowBindings | undefined): ArrowData {
  const data = arrow?.get(name);
  if (!data)
    throw new QueryError(
      `the plan reads the Arrow source ${JSON.stringify(name)}, which has no data bound: pass it as ` +
        `LazyFrame.fromJSON(json, { arrow: { ${JSON.stringify(name)}: tableOrBatchesOrIpcBytes } })`,
    );
  return data;
}
