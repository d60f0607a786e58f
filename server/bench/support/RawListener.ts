import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import * as Y from 'yjs';
import { step1Frame } from '../../test/support/yjsFrames';
import type { ClientTarget } from './loadClients';

/**
 * The cheapest passive connection a load generator can hold: a WebSocket
 * that completes the y-websocket handshake (sync step 1 with an empty state
 * vector) and then reads every byte the server sends without parsing frames.
 *
 * Why: in the fan-out benchmark most connections are passive listeners, and
 * parsing each received frame with `ws` made the generator — which shares the
 * two cores with the server under test — the first thing to saturate. The
 * server still writes every frame and the bytes are still read (no TCP
 * back-pressure), so what the server does is unchanged; only the decoding is
 * left to the few observers that measure latency.
 */
export class RawListener {
  /** Bytes received after the upgrade. */
  bytes = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.bytes += chunk.byteLength;
    });
    socket.on('error', () => {});
  }

  static connect(target: ClientTarget): Promise<RawListener> {
    const url = new URL(target.url.replace(/^ws/, 'http'));
    return new Promise((resolve, reject) => {
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': crypto.randomBytes(16).toString('base64'),
          ...(target.cookie ? { cookie: target.cookie } : {}),
        },
      });
      const timer = setTimeout(() => {
        request.destroy();
        reject(new Error('connection did not open within 15 s'));
      }, 15_000);
      request.on('upgrade', (_res, socket, head) => {
        clearTimeout(timer);
        const listener = new RawListener(socket);
        listener.bytes += head.byteLength;
        socket.write(maskedBinaryFrame(step1Frame(new Y.Doc())));
        resolve(listener);
      });
      request.on('response', (res) => {
        clearTimeout(timer);
        reject(new Error(`upgrade refused: ${res.statusCode}`));
      });
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end();
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** One client-to-server binary frame (RFC 6455 §5.2: clients must mask). */
function maskedBinaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.alloc(header + 4 + length);
  frame[0] = 0x82; // FIN + binary
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = crypto.randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i]! ^ mask[i % 4]!;
  return frame;
}
