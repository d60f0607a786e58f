import net from 'node:net';
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acksIn, noticesIn, updateFrame } from './support/yjsFrames';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { TokenBucket } from '../src/limits/TokenBucket';
import { account, loginAs, rawClient, startTestServer, waitFor, type TestServer, syncReplica } from './support/testServer';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function server(config: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const ts = await startTestServer(config);
  cleanup.push(() => ts.stop());
  return ts;
}

/**
 * A WebSocket upgrade done by hand on a plain TCP socket (to send what `ws` would refuse to, or to stop
 * reading); resolves once the server answered 101. `received()` is everything read so far.
 */
async function handMadeSocket(ts: TestServer, cookie: string, query = ''): Promise<{ socket: net.Socket; received: () => Buffer }> {
  const port = new URL(ts.url).port;
  const socket = net.connect(Number(port), '127.0.0.1');
  cleanup.push(() => void socket.destroy());
  const key = crypto.randomBytes(16).toString('base64');
  socket.write(
    `GET /sync/${ts.demoMemoId}${query} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nCookie: ${cookie}\r\n\r\n`,
  );
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  const received = (): Buffer => Buffer.concat(chunks);
  await waitFor(() => received().includes('101 Switching Protocols'), 'upgrade');
  return { socket, received };
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
    const ts = await server({ config: { connectionLimits: { messagesPerSecond: 50, bytesPerSecond: 1024 * 1024, maxBufferedBytes: 32 * 1024 * 1024 } } });
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

  it('[SE3] a connection that stops reading is closed with 4008 once its backlog passes the limit; the others keep editing', async () => {
    const limit = 256 * 1024;
    const ts = await server({ config: { connectionLimits: { messagesPerSecond: 1000, bytesPerSecond: 64 * 1024 * 1024, maxBufferedBytes: limit } } });
    const cookie = await loginAs(ts, 'drafter', 'cn');
    // The reader that stalls: a hand-made upgrade, then it stops reading (a frozen tab).
    const { socket: stalled, received } = await handMadeSocket(ts, cookie, '?accord=1');
    stalled.pause();

    const writer = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'));
    cleanup.push(() => writer.ws.terminate());
    await writer.opened;
    const doc = await syncReplica(writer);
    const text = (doc.getXmlFragment('clause:future-1:en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const pastes = 10; // 10 MB: more than the kernel's socket buffers (≤ 4 MB send, 128 KB receive while paused) hold
    for (let i = 0; i < pastes; i++) {
      const sv = Y.encodeStateVector(doc);
      text.insert(0, String(i % 10).repeat(1024 * 1024));
      writer.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
      await waitFor(() => acksIn(writer.messages).length > i, `paste ${i} acknowledged`, 15_000);
    }
    // The writer was served throughout, and so is someone joining now.
    expect(acksIn(writer.messages)).toHaveLength(pastes);
    const late = rawClient(ts, ts.demoMemoId, cookie);
    cleanup.push(() => late.ws.terminate());
    await late.opened;
    const replica = await syncReplica(late);
    expect((replica.getXmlFragment('clause:future-1:en').get(0) as Y.XmlElement).get(0)!.toString().length).toBeGreaterThan(pastes * 1024 * 1024);

    // The stalled reader wakes up: what waited for it ends with a close frame 4008, far short of the 10 MB broadcast.
    stalled.resume();
    // Where the close frame starts, once it has arrived whole: the server's frames are walked one by
    // one from the end of the upgrade response (a search for the 0x88 byte could stop inside a payload).
    const closeFrame = (bytes: Buffer): number => {
      let at = bytes.indexOf('\r\n\r\n') + 4;
      while (at > 3 && at + 2 <= bytes.byteLength) {
        const opcode = bytes[at]! & 0x0f;
        let length = bytes[at + 1]! & 0x7f;
        let header = 2;
        if (length === 126) {
          if (at + 4 > bytes.byteLength) return -1;
          length = bytes.readUInt16BE(at + 2);
          header = 4;
        } else if (length === 127) {
          if (at + 10 > bytes.byteLength) return -1;
          length = Number(bytes.readBigUInt64BE(at + 2));
          header = 10;
        }
        if (at + header + length > bytes.byteLength) return -1;
        if (opcode === 0x8) return length >= 2 ? at : -1;
        at += header + length;
      }
      return -1;
    };
    await waitFor(() => closeFrame(received()) > 0, 'the close frame', 15_000);
    stalled.destroy();
    const bytes = received();
    expect(bytes.byteLength).toBeLessThan(pastes * 1024 * 1024);
    const close = closeFrame(bytes);
    // A close frame's payload starts with its code; the server's frames carry no mask and short close payloads.
    expect(bytes[close]).toBe(0x88);
    expect(bytes.readUInt16BE(close + 2)).toBe(CloseCode.tooSlow);
  }, 60_000);

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

  it('[SE3] a frame with reserved bits set closes that socket (1002) and the server keeps serving', async () => {
    const ts = await server();
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const { socket, received } = await handMadeSocket(ts, cookie);
    // FIN + RSV1 + RSV2 + RSV3 + binary opcode, masked, 1-byte payload.
    const mask = crypto.randomBytes(4);
    socket.write(Buffer.from([0xf2, 0x81, ...mask, 0x03 ^ mask[0]!]));
    await waitFor(() => socket.destroyed || received().includes(Buffer.from([0x88])), 'close frame or disconnect');
    const calm = rawClient(ts, ts.demoMemoId, cookie);
    cleanup.push(() => calm.ws.terminate());
    await calm.opened;
    await waitFor(() => calm.messages.length > 0, 'server still syncs others');
  });

  it('[SE3] an update of 300,000 tiny items is refused before it is applied; nothing stored', async () => {
    const ts = await server({ config: { maxMessageBytes: 16 * 1024 * 1024, connectionLimits: { messagesPerSecond: 1000, bytesPerSecond: 64 * 1024 * 1024, maxBufferedBytes: 32 * 1024 * 1024 } } });
    const client = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
    cleanup.push(() => client.ws.terminate());
    await client.opened;
    const doc = await syncReplica(client);
    const rows = (await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6)).length;
    const sv = Y.encodeStateVector(doc);
    const text = (doc.getXmlFragment('clause:future-1:en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    doc.transact(() => {
      for (let i = 0; i < 300_000; i++) text.insert(0, 'x'); // each at the start: 300,000 separate items
    });
    client.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
    expect((await client.closed).code).toBe(CloseCode.badMessage);
    expect(noticesIn(client.messages)[0]?.code).toBe('payload_too_large');
    expect((await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6)).length).toBe(rows);
  }, 60_000);
});
