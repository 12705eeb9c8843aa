// Bounded channel (capacity 1 by default): the connector between two nodes. A full channel makes the
// sender wait, which is how back-pressure travels from the slowest node up to the file reader.

export class Closed extends Error {
  override name = 'Closed';
}

export class Channel<T> {
  private items: T[] = [];
  private closed = false;
  private failure: unknown;
  private recvWaiters: (() => void)[] = [];
  private sendWaiters: (() => void)[] = [];

  constructor(private readonly capacity = 1) {}

  /** Resolves once the item is queued; throws if the receiving side is gone. */
  async send(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed)
      await new Promise<void>((r) => this.sendWaiters.push(r));
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Closed('send on a closed channel');
    this.items.push(item);
    this.recvWaiters.shift()?.();
  }

  /** The next item, or undefined once the channel is closed and drained. */
  async recv(): Promise<T | undefined> {
    while (this.items.length === 0 && !this.closed) await new Promise<void>((r) => this.recvWaiters.push(r));
    if (this.failure !== undefined) throw this.failure;
    const item = this.items.shift();
    this.sendWaiters.shift()?.();
    return item;
  }

  /** No more items will be sent; receivers drain what is queued. */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  /** Stops both sides: pending and later calls throw `reason`. */
  fail(reason: unknown): void {
    this.failure ??= reason;
    this.closed = true;
    this.items = [];
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const w of this.recvWaiters.splice(0)) w();
    for (const w of this.sendWaiters.splice(0)) w();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const x = await this.recv();
      if (x === undefined) return;
      yield x;
    }
  }
}
