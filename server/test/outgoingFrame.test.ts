import { afterEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { getClauseText } from '@accord/shared/memo/ydocLayout';
import { binaryFrame } from '../src/sync/OutgoingFrame';
import { loginAs, provider, startTestServer, waitFor, type TestServer } from './support/testServer';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/**
 * Writes `frames` to a real `ws` client over a hand-made upgrade (as the sync
 * server writes shared broadcast frames to the socket under `ws`) and returns
 * the binary messages the client reads.
 */
async function deliver(frames: Buffer[]): Promise<Buffer[]> {
  const server = http.createServer();
  const sockets: Duplex[] = [];
  server.on('upgrade', (req, socket: Duplex) => {
    sockets.push(socket);
    const accept = crypto.createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    for (const frame of frames) socket.write(frame);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const messages: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) reject(new Error('a text frame'));
        messages.push(data);
        if (messages.length === frames.length) resolve();
      });
      client.on('error', reject);
    });
    client.terminate();
    return messages;
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('broadcast frames built once (OutgoingFrame)', () => {
  it('frames every payload length class (7-bit, 16-bit and 64-bit lengths) so that a ws client reads them back exactly', async () => {
    const payloads = [0, 1, 125, 126, 65_535, 65_536, 200_000].map((length) => Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff));
    const received = await deliver(payloads.map(binaryFrame));
    expect(received.map((m) => new Uint8Array(m))).toEqual(payloads);
  });

  it('[DU1] a paste larger than 64 KB reaches another unmodified y-websocket client intact', async () => {
    const ts: TestServer = await startTestServer();
    cleanup.push(() => ts.stop());
    const a = new Y.Doc();
    const b = new Y.Doc();
    const pa = provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'), a);
    const pb = provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'), b);
    cleanup.push(() => pa.destroy(), () => pb.destroy());
    await waitFor(() => pa.synced && pb.synced, 'both synced');
    const pasted = Array.from({ length: 3000 }, (_, i) => `海洋科学合作 ${i} marine science cooperation.`).join(' '); // ~140 KB of UTF-8
    const text = (getClauseText(a, 'status-2', 'en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, pasted);
    const clause = (doc: Y.Doc): string => fragmentToPlainText(getClauseText(doc, 'status-2', 'en'));
    await waitFor(() => clause(b).includes(pasted), 'the paste arrived', 15_000);
    expect(clause(b)).toBe(clause(a));
  });
});
