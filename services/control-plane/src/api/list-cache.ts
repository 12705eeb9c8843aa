/** Tables whose change notifications invalidate a cached resource list (see the change_notifications migration). */
const RESOURCE_OF_TABLE: Record<string, string> = { Workload: 'workloads', Policy: 'policies' };

/**
 * Serialized list pages, kept until the database says the table changed (LISTEN/NOTIFY) — the watch-cache
 * idea of the Kubernetes API server. While notifications may be missed (listener disconnected) it caches
 * nothing. A page read while a change lands is not kept, so a stale page can never outlive the change.
 */
export class ListCache {
  private pages = new Map<string, Map<string, string>>();
  private generations = new Map<string, number>();
  private live = false;

  constructor(
    private readonly enabled: boolean,
    private readonly maxPagesPerResource = 512,
  ) {}

  setLive(live: boolean): void {
    this.live = live;
    this.pages.clear();
    for (const resource of this.generations.keys()) this.bump(resource);
  }

  /** A NOTIFY payload: the table that changed. */
  tableChanged(table: string): void {
    const resource = RESOURCE_OF_TABLE[table];
    if (resource) this.invalidate(resource);
  }

  invalidate(resource: string): void {
    this.bump(resource);
    this.pages.delete(resource);
  }

  async get(resource: string, key: string, load: () => Promise<string>): Promise<string> {
    if (!this.enabled || !this.live) return load();
    const cached = this.pages.get(resource)?.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generations.get(resource) ?? 0;
    const value = await load();
    if (this.live && (this.generations.get(resource) ?? 0) === generation) {
      let pages = this.pages.get(resource);
      if (!pages) this.pages.set(resource, (pages = new Map()));
      if (pages.size >= this.maxPagesPerResource) pages.clear();
      pages.set(key, value);
    }
    return value;
  }

  private bump(resource: string): void {
    this.generations.set(resource, (this.generations.get(resource) ?? 0) + 1);
  }
}
