import { TokenBucket } from './TokenBucket';

/**
 * Limits failed logins per (client address, email): after `burst` failures
 * further attempts are refused (429) until the bucket refills at `perMinute`.
 * Successful logins cost nothing, so people who type their password right are
 * never slowed down; guessing is.
 */
export class LoginThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
  ) {}

  /** False when this address may not try this email now. */
  allowed(address: string, email: string): boolean {
    const bucket = this.buckets.get(key(address, email));
    return !bucket || bucket.has(1);
  }

  /** Records a failed attempt. */
  failed(address: string, email: string): void {
    const k = key(address, email);
    let bucket = this.buckets.get(k);
    if (!bucket) this.buckets.set(k, (bucket = new TokenBucket(this.burst, this.perMinute / 60)));
    bucket.take(1);
    if (this.buckets.size > 10_000) for (const [k2, b] of this.buckets) if (b.idle) this.buckets.delete(k2);
  }
}

const key = (address: string, email: string): string => `${address}\u0000${email.toLowerCase()}`;
