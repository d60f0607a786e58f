/**
 * A small LRU of rebuilt revisions (Y.Docs, or their compare digests).
 * Stepping a slider back and forth and comparing the slider's revision with
 * others are the common history gestures; a rebuilt revision never changes,
 * so it can be shared read-only. Concurrent requests for the same revision
 * share one rebuild.
 */
export class SnapshotCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  /** The entry for `key` if present (counts as a use), without building it. */
  peek(key: string): Promise<T> | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  get(key: string, build: () => Promise<T>): Promise<T> {
    const hit = this.peek(key);
    if (hit) return hit;
    const built = build();
    if (this.capacity <= 0) return built;
    this.entries.set(key, built);
    built.catch(() => this.entries.delete(key));
    // Evicted entries are not destroyed: a request may still be reading one; the garbage collector frees it.
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return built;
  }
}
