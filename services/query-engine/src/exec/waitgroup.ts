/** Waits for a set of tasks and surfaces the first failure (the others are then cancelled by the caller). */
export class TaskGroup {
  private tasks: Promise<void>[] = [];
  private first: { error: unknown } | undefined;

  constructor(private readonly onError: (err: unknown) => void) {}

  spawn(f: () => Promise<void>): void {
    this.tasks.push(
      f().catch((err) => {
        if (!this.first) {
          this.first = { error: err };
          this.onError(err);
        }
      }),
    );
  }

  async wait(): Promise<void> {
    while (this.tasks.length) await Promise.all(this.tasks.splice(0));
    if (this.first) throw this.first.error;
  }
}
