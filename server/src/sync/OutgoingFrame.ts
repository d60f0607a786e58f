/**
 * One message for many sockets, framed once.
 *
 * `ws` frames every send on its own: a header buffer, then cork, two writes
 * and uncork on the socket. A commit's broadcast goes to every peer of the
 * memo (hundreds in a plenary), so Accord builds the WebSocket frame once —
 * server-to-client, unmasked (RFC 6455 §5.2) — and writes the same bytes to
 * each socket in a single write. Safe beside `ws`'s own writes because
 * `ws` writes synchronously when nothing is compressed (`perMessageDeflate`
 * is off) and no Blob is sent, so order on the socket is kept.
 */
export class OutgoingFrame {
  private framed: Buffer | null = null;

  constructor(readonly payload: Uint8Array) {}

  /** The frame as it goes on the wire: header + payload, built on first use. */
  get wire(): Buffer {
    this.framed ??= binaryFrame(this.payload);
    return this.framed;
  }
}

/** A final, unmasked binary WebSocket frame holding `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x82; // FIN + opcode 2 (binary)
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, header);
  return frame;
}
