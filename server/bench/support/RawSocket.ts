import crypto from 'node:crypto';
import net from 'node:net';

/** Where a load client connects: a full WebSocket URL and, for Accord, the session cookie. */
export interface ClientTarget {
  url: string;
  cookie?: string;
}

/** Called with each binary message's payload; the bytes are only valid during the call. */
export type FrameHandler = (payload: Uint8Array) => void;

// Every socket reads into this one buffer: a read is handled completely (leftovers copied) before the next.
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
// A fixed all-zero mask: RFC 6455 wants clients to mask (the server checks the bit), and an
// unpredictable key only matters to proxies between a browser and a server, not on loopback.
const MASK = Buffer.alloc(4);

/**
 * The cheapest WebSocket client a load generator can hold: a TCP socket that
 * does the upgrade handshake by hand and reads with `net`'s `onread` (no
 * stream machinery, no per-read allocation). Without a handler it only
 * counts the bytes it reads; with one it splits server frames (unmasked,
 * unfragmented: what `ws` and the stock server send) and passes each binary
 * payload on, answering pings.
 *
 * Why: in the fan-out benchmark the generator shares the two cores with the
 * server under test, and with hundreds of sockets receiving every broadcast,
 * `ws`'s per-message cost made the generator the first process to saturate.
 * What the servers do is unchanged: they write every frame, and every byte is
 * read (no TCP back-pressure).
 */
export class RawSocket {
  /** Bytes received after the upgrade. */
  bytes = 0;
  private pending: Buffer | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly onFrame: FrameHandler | null,
  ) {}

  /** Opens the socket and completes the upgrade; rejects on refusal or after 15 s. */
  static connect(target: ClientTarget, onFrame: FrameHandler | null): Promise<RawSocket> {
    const url = new URL(target.url);
    return new Promise((resolve, reject) => {
      let raw: RawSocket | null = null;
      let head = '';
      const socket = net.connect({
        host: url.hostname,
        port: Number(url.port),
        noDelay: true,
        onread: {
          buffer: READ_BUFFER,
          callback: (nread: number, buffer: Uint8Array): boolean => {
            if (raw) {
              raw.read(buffer.subarray(0, nread));
              return true;
            }
            // Still in the handshake: the response head, possibly followed by the first frames.
            head += Buffer.from(buffer.subarray(0, nread)).toString('latin1');
            const end = head.indexOf('\r\n\r\n');
            if (end < 0) return true;
            clearTimeout(timer);
            if (!/^HTTP\/1\.1 101 /.test(head)) {
              socket.destroy();
              reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
              return false;
            }
            raw = new RawSocket(socket, onFrame);
            resolve(raw);
            const rest = Buffer.from(head.slice(end + 4), 'latin1');
            if (rest.byteLength > 0) raw.read(rest);
            return true;
          },
        },
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('connection did not open within 15 s'));
      }, 15_000);
      socket.on('error', (error) => {
        clearTimeout(timer);
        if (!raw) reject(error);
      });
      socket.on('connect', () => {
        const lines = [
          `GET ${url.pathname}${url.search} HTTP/1.1`,
          `Host: ${url.host}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          ...(target.cookie ? [`Cookie: ${target.cookie}`] : []),
        ];
        socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      });
    });
  }

  /** Sends one binary message. */
  send(payload: Uint8Array): void {
    this.socket.write(clientFrame(0x2, payload));
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    if (!this.onFrame) return;
    let data: Uint8Array = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    while (data.byteLength - at >= 2) {
      const opcode = data[at]! & 0x0f;
      const short = data[at + 1]! & 0x7f;
      const header = short < 126 ? 2 : short === 126 ? 4 : 10;
      if (data.byteLength - at < header) break;
      const view = new DataView(data.buffer, data.byteOffset + at, header);
      const length = short < 126 ? short : short === 126 ? view.getUint16(2) : Number(view.getBigUint64(2));
      if (data.byteLength - at < header + length) break;
      const payload = data.subarray(at + header, at + header + length);
      at += header + length;
      if (opcode === 0x2) {
        this.onFrame(payload);
      } else if (opcode === 0x9) {
        this.socket.write(clientFrame(0xa, payload));
      }
    }
    // A frame cut by the read: keep a copy (the read buffer is reused).
    if (at < data.byteLength) this.pending = Buffer.from(data.subarray(at));
  }
}

/** One final client-to-server frame, masked with the zero key. */
function clientFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  MASK.copy(frame, header);
  frame.set(payload, header + 4);
  return frame;
}
