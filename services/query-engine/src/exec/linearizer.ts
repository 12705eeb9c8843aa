// N -> 1: merges N streams, each already in increasing sequence order, back into one stream in global
// order. It holds at most one item per input, so an input that runs ahead waits — that is what bounds
// memory when one worker is slower than the others. Sequence numbers come from the source without gaps,
// so the item numbered one past the last one out can leave at once; waiting for a head from every input
// first (the general rule, kept for gaps) would release one input at a time and leave all but one
// worker idle.

interface Seq {
  seq: number;
}

export class Linearizer<T extends Seq> {
  private heads: (T | undefined)[];
  private done: boolean[];
  private waiting: ((() => void) | undefined)[];
  private wakeGet: (() => void) | undefined;
  private failure: unknown;
  private next = 0;

  constructor(readonly inputs: number) {
    this.heads = new Array(inputs).fill(undefined);
    this.done = new Array(inputs).fill(false);
    this.waiting = new Array(inputs).fill(undefined);
  }

  /** Input i offers its next item; resolves when the item has been taken downstream. */
  async insert(i: number, item: T): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.heads[i] = item;
    this.wakeGet?.();
    await new Promise<void>((r) => (this.waiting[i] = r));
    if (this.failure !== undefined) throw this.failure;
  }

  finish(i: number): void {
    this.done[i] = true;
    this.wakeGet?.();
  }

  fail(reason: unknown): void {
    this.failure ??= reason;
    for (const w of this.waiting) w?.();
    this.wakeGet?.();
  }

  /** The next item in sequence order, or undefined when every input has finished. */
  async get(): Promise<T | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      let best = -1;
      let ready = true;
      for (let i = 0; i < this.inputs; i++) {
        const h = this.heads[i];
        if (h === undefined) {
          if (!this.done[i]) ready = false;
        } else if (best === -1 || h.seq < this.heads[best]!.seq) best = i;
      }
      if (ready || (best !== -1 && this.heads[best]!.seq === this.next)) {
        if (best === -1) return undefined;
        const item = this.heads[best]!;
        this.next = item.seq + 1;
        this.heads[best] = undefined;
        const w = this.waiting[best];
        this.waiting[best] = undefined;
        w?.();
        return item;
      }
      await new Promise<void>((r) => (this.wakeGet = r));
      this.wakeGet = undefined;
    }
  }
}
