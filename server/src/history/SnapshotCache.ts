import type * as Y from 'yjs';

/**
 * A small LRU of rebuilt revisions. Stepping a slider back and forth and
 * comparing the same two revisions again are the common history gestures;
 * a rebuilt revision never changes, so it can be shared read-only. Concurrent
 * requests for the same revision share one rebuild.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Promise<Y.Doc>>();

  constructor(private readonly capacity: number) {}

  get(key: string, build: () => Promise<Y.Doc>): Promise<Y.Doc> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const built = build();
    this.entries.set(key, built);
    built.catch(() => this.entries.delete(key));
    // Evicted docs are not destroyed: a request may still be reading one; the garbage collector frees it.
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return built;
  }
}
