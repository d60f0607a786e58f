import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MessageType, SyncStep, readAckBody } from '@accord/shared/protocol/messages';
import { step1Frame, updateFrame } from '../../test/support/yjsFrames';
import { RawSocket, type ClientTarget } from './RawSocket';

/**
 * Cheap raw-protocol load clients for the fan-out and acknowledgement
 * benchmarks. A writer holds its own Y.Doc (synced once) and types one
 * character per edit into its clause without applying what others type, so
 * generating load costs little; a listener only receives. A few listeners
 * ("observers") decode what they receive and record edit-to-observer latency
 * from the Yjs ids in each frame: every edit is one character, i.e. one clock
 * of its writer's client id, so (client, clock) names the edit.
 */

/** Send times of every edit, by writer client id and clock. */
export class EditBook {
  private readonly byClient = new Map<number, { base: number; times: number[] }>();

  /** Registers a writer whose next edit has clock `base`. */
  register(client: number, base: number): void {
    this.byClient.set(client, { base, times: [] });
  }

  sent(client: number, clock: number, at: number): void {
    const entry = this.byClient.get(client)!;
    entry.times[clock - entry.base] = at;
  }

  sentAt(client: number, clock: number): number | undefined {
    const entry = this.byClient.get(client);
    return entry ? entry.times[clock - entry.base] : undefined;
  }
}

/** Latency samples of one measurement window. */
export class Samples {
  readonly values: number[] = [];
  /** Edits sent in [from, to) are counted (performance.now() times). */
  from = Infinity;
  to = Infinity;
  set recording(on: boolean) {
    if (on) this.from = performance.now();
    else this.to = performance.now();
  }
  get recording(): boolean {
    const now = performance.now();
    return now >= this.from && now < this.to;
  }
  /** Records `now - sentAt` if the edit was sent inside the window. */
  add(sentAt: number, now: number): void {
    if (sentAt >= this.from && sentAt < this.to) this.values.push(now - sentAt);
  }
  quantile(p: number): number {
    if (this.values.length === 0) return NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  }
  clear(): void {
    this.values.length = 0;
  }
}

export type { ClientTarget } from './RawSocket';

function open(target: ClientTarget): Promise<WebSocket> {
  const ws = new WebSocket(target.url, target.cookie ? { headers: { cookie: target.cookie } } : {});
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('connection did not open within 15 s'));
    }, 15_000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

/** Reads the sync payload (step 2 or update) of a frame, or null. */
function syncPayload(frame: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(frame);
  if (decoding.readVarUint(d) !== MessageType.sync) return null;
  const step = decoding.readVarUint(d);
  return step === SyncStep.step2 || step === SyncStep.update ? decoding.readVarUint8Array(d) : null;
}

const withTimeout = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within 15 s`)), 15_000))]);

/** A typing client: syncs once, then sends one-character edits on `edit()`. */
export class Writer {
  private constructor(
    readonly socket: RawSocket,
    readonly doc: Y.Doc,
  ) {}

  static async connect(target: ClientTarget, book: EditBook, ackSamples: Samples | null): Promise<Writer> {
    const doc = new Y.Doc();
    let writer: Writer | null = null;
    let resolveSynced: () => void = () => {};
    const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
    const socket = await RawSocket.connect(target, (frame) => {
      if (!writer) {
        if (frame[0] === MessageType.sync && frame[1] === SyncStep.step2) {
          Y.applyUpdate(doc, syncPayload(frame)!);
          resolveSynced();
        }
        return;
      }
      if (frame[0] === MessageType.ack && ackSamples) {
        const d = decoding.createDecoder(frame);
        decoding.readVarUint(d);
        const stored = readAckBody(d).stored.get(doc.clientID);
        if (stored !== undefined) writer.acked(stored, ackSamples);
      }
    });
    socket.send(step1Frame(doc));
    await withTimeout(synced, 'no sync step 2');
    writer = new Writer(socket, doc);
    writer.ackedUpTo = Y.getState(doc.store, doc.clientID);
    book.register(doc.clientID, writer.ackedUpTo);
    doc.on('update', (update: Uint8Array) => socket.send(updateFrame(update)));
    writer.book = book;
    return writer;
  }

  private book: EditBook | null = null;
  private ackedUpTo = 0;

  private acked(stored: number, samples: Samples): void {
    const now = performance.now();
    for (let clock = this.ackedUpTo; clock < stored; clock++) {
      const at = this.book!.sentAt(this.doc.clientID, clock);
      if (at !== undefined) samples.add(at, now);
    }
    this.ackedUpTo = Math.max(this.ackedUpTo, stored);
  }

  /** Types one character at a random place of `text` (a paragraph's XmlText of this writer's doc). */
  edit(text: Y.XmlText): void {
    const clock = Y.getState(this.doc.store, this.doc.clientID);
    this.book!.sent(this.doc.clientID, clock, performance.now());
    text.insert(Math.floor(Math.random() * (text.length + 1)), 'x');
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * A passive client. With `samples` (an "observer") it decodes every update it
 * receives and records edit-to-observer latency; without, it only reads the
 * bytes (RawSocket without a handler), the cheapest listener there is.
 */
export class Listener {
  private readonly seen = new Map<number, number>();

  private constructor(readonly socket: RawSocket) {}

  get bytes(): number {
    return this.socket.bytes;
  }

  static async connect(target: ClientTarget, book: EditBook, samples: Samples | null): Promise<Listener> {
    let listener: Listener | null = null;
    const socket = await RawSocket.connect(
      target,
      samples
        ? (frame) => {
            const payload = listener && syncPayload(frame);
            if (payload) listener!.observe(payload, book, samples);
          }
        : null,
    );
    listener = new Listener(socket);
    // Complete the handshake like a y-websocket client (our state vector is empty: we want nothing applied).
    socket.send(step1Frame(new Y.Doc()));
    return listener;
  }

  private observe(payload: Uint8Array, book: EditBook, samples: Samples): void {
    const now = performance.now();
    for (const struct of Y.decodeUpdate(payload).structs) {
      if (!(struct instanceof Y.Item)) continue;
      const { client, clock } = struct.id;
      const from = Math.max(clock, this.seen.get(client) ?? 0);
      const to = clock + struct.length;
      for (let c = from; c < to; c++) {
        const at = book.sentAt(client, c);
        if (at !== undefined) samples.add(at, now);
      }
      if (to > (this.seen.get(client) ?? 0)) this.seen.set(client, to);
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** Sends `update` to a document once (seeds the stock server with the same memo Accord serves). */
export async function seedDocument(target: ClientTarget, update: Uint8Array): Promise<void> {
  const ws = await open(target);
  ws.send(updateFrame(update));
  await new Promise((resolve) => setTimeout(resolve, 200));
  ws.close();
}

/** The whole current state of a document, fetched over the sync protocol. */
export async function fetchDocument(target: ClientTarget): Promise<Y.Doc> {
  const ws = await open(target);
  const doc = new Y.Doc();
  await new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const frame = new Uint8Array(data);
      if (frame[0] === MessageType.sync && frame[1] === SyncStep.step2) {
        Y.applyUpdate(doc, syncPayload(frame)!);
        resolve();
      }
    });
    ws.send(step1Frame(doc));
  });
  ws.close();
  return doc;
}
