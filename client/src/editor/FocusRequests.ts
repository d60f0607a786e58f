/**
 * Hands focus to a cell that does not exist yet. After "Add clause" the new
 * row renders only once the outline change has gone through React; the
 * request waits here, keyed by the Y.Doc root name of the cell to focus, and
 * the cell claims it when it mounts (or at once if it is already mounted).
 */
export class FocusRequests {
  private pending: string | null = null;
  private readonly listeners = new Set<(rootName: string) => void>();

  /** Asks the cell editing `rootName` to take focus as soon as it can. */
  request(rootName: string): void {
    this.pending = rootName;
    for (const listener of this.listeners) listener(rootName);
  }

  /**
   * Leaves a request for a cell that will mount later, without offering it
   * to the cells mounted now (used when the whole memo is about to reopen).
   */
  requestOnNextMount(rootName: string): void {
    this.pending = rootName;
  }

  /** True if `rootName` is the cell waiting for focus (the request stays for the cell to claim). */
  isPending(rootName: string): boolean {
    return this.pending === rootName;
  }

  /** True (and the request is consumed) if `rootName` is the cell waiting for focus. */
  claim(rootName: string): boolean {
    if (this.pending !== rootName) return false;
    this.pending = null;
    return true;
  }

  /** Tells mounted cells about new requests. */
  subscribe(listener: (rootName: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
