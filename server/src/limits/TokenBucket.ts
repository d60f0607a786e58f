/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. Used for the
 * per-connection message and byte limits and for failed logins. Time is read
 * from a function so tests can drive it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes `n` tokens if available; false (taking nothing) when the bucket is short. */
  take(n = 1): boolean {
    if (!this.has(n)) return false;
    this.tokens -= n;
    return true;
  }

  /** True when `n` tokens are available now (takes none). */
  has(n = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    return this.tokens >= n;
  }

  /** True when the bucket is full again (nothing to remember). */
  get idle(): boolean {
    return this.tokens + ((this.now() - this.last) / 1000) * this.perSecond >= this.capacity;
  }
}
