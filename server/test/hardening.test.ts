import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { TokenBucket } from '../src/limits/TokenBucket';
import { account, loginAs, rawClient, startTestServer, waitFor, type TestServer } from './support/testServer';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function server(config: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const ts = await startTestServer(config);
  cleanup.push(() => ts.stop());
  return ts;
}

const attempt = (ts: TestServer, email: string, password: string): Promise<Response> =>
  fetch(`${ts.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

describe('hardening of the web surface', () => {
  it('[SE3] failed logins are rate-limited per address and email; right passwords of others still work', async () => {
    const ts = await server();
    const victim = account(ts, 'signatory', 'us');
    for (let i = 0; i < 10; i++) expect((await attempt(ts, victim.email, 'wrong')).status).toBe(401);
    const limited = await attempt(ts, victim.email, 'wrong');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Even the right password waits now (the guesser cannot tell), but another account is unaffected.
    expect((await attempt(ts, victim.email, victim.password)).status).toBe(429);
    const other = account(ts, 'drafter', 'us');
    expect((await attempt(ts, other.email, other.password)).status).toBe(200);
  });

  it('[SE1] responses carry security headers and a Content-Security-Policy', async () => {
    const ts = await server();
    const res = await fetch(`${ts.url}/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('[SE1] the session cookie is HttpOnly and SameSite=Lax', async () => {
    const ts = await server();
    const a = account(ts, 'drafter', 'cn');
    const res = await attempt(ts, a.email, a.password);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('[SE3] a connection flooding messages is closed with 4429 while others keep working', async () => {
    const ts = await server({ config: { connectionLimits: { messagesPerSecond: 50, bytesPerSecond: 1024 * 1024 } } });
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const flooder = rawClient(ts, ts.demoMemoId, cookie);
    cleanup.push(() => flooder.ws.terminate());
    await flooder.opened;
    const query = new Uint8Array([3]); // queryAwareness: cheap and valid
    for (let i = 0; i < 500; i++) flooder.send(query);
    expect((await flooder.closed).code).toBe(CloseCode.rateLimited);
    const calm = rawClient(ts, ts.demoMemoId, cookie);
    cleanup.push(() => calm.ws.terminate());
    await calm.opened;
    await waitFor(() => calm.messages.length > 0, 'server still syncs others');
  });

  it('token buckets refill over time', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 1, () => now);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now = 1000;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });
});
