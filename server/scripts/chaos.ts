/**
 * Crash-durability chaos run (DU1, DU2).
 *
 *   tsx server/scripts/chaos.ts [--kills 10] [--seconds-between 0.5,2] [--clients 20]
 *                               [--rate 2,3] [--seed N] [--converge-timeout 15] [--keep]
 *
 * Starts the real server as a child process (`tsx src/main.ts`, its own data
 * folder, a fixed free port), logs in `--clients` raw protocol clients as the
 * demo drafters and signatories (several sockets per account, each its own
 * Y.Doc and Yjs client id) and lets each type unique markers (`‹c07-000123›`)
 * into the demo memo's clauses at 2–3 edits/s. For every edit it records the
 * Yjs clock range it produced and whether an acknowledgement (message type
 * 100) covering it arrived.
 *
 * Then it SIGKILLs the server (the whole process group) at seeded random
 * moments and restarts it on the same data folder, `--kills` times. After
 * every kill, with the server down, it opens the SQLite file read-only,
 * rebuilds the memo from checkpoint + tail exactly as the server loads it and
 * checks that every edit acknowledged so far is there (DU1: an ack never runs
 * ahead of storage). Clients reconnect like y-websocket does (fresh socket,
 * sync step 1 both ways, our step 2 = everything the server lacks) and keep
 * typing, also while the server is down.
 *
 * At the end it stops typing at the last restart, waits until every client
 * and the server hold the same text, stops the server cleanly (SIGTERM) and
 * checks the stored memo: every acknowledged marker present, no marker
 * twice, `PRAGMA integrity_check` ok, checkpoint + tail equal to the whole
 * log. Prints a JSON summary; exits 1 on any violation. The seed is printed
 * first, so a failing run can be replayed (`--seed`); timing still varies.
 *
 * Other files import `runChaos`, `ServerProcess`, `ChaosClient` and
 * `readStoredMemo` (see test/chaos.test.ts).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readOutline } from '@accord/shared/memo/ydocLayout';
import { MessageType, SyncStep, readAckBody, readNoticeBody, type NoticeMessage } from '@accord/shared/protocol/messages';
import { seededRandom } from '../test/support/random';

const SERVER_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = path.join(SERVER_ROOT, 'src', 'main.ts');

/** Every marker any chaos client types: `‹<tag>-<6 digits>›`. Never split, never formatted apart. */
export const MARKER = /‹[a-z0-9]{1,8}-\d{6}›/g;

// ------------------------------------------------------------------ the server as a child process

/** A demo account as written to DATA_DIR/demo-accounts.json. */
export interface DemoAccountLine {
  email: string;
  password: string;
  name: string;
  party: string | null;
  role: string;
}

/**
 * The real server (`tsx src/main.ts`) in its own process group. tsx runs the
 * program in a grandchild process, so kills go to the whole group: killing
 * only tsx would leave the server running, holding the port and the file.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  starts = 0;

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly env: Record<string, string> = {},
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  get databaseFile(): string {
    return path.join(this.dataDir, 'accord.sqlite');
  }
  get logFile(): string {
    return path.join(this.dataDir, 'server.log');
  }

  /** Spawns the server and resolves once /api/health answers. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error('server already running');
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n--- start ${++this.starts} at ${new Date().toISOString()}\n`);
    // Node itself, as `pnpm start` runs it: no tsx CLI in between whose own signal relay could decide the exit code.
    const child = spawn(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', MAIN], {
      cwd: SERVER_ROOT,
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        ACCORD_CLIENT_DIR: '/nonexistent',
        ...this.env,
      },
    });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let dead = false;
    void this.exited.then(() => (dead = true));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (dead) throw new Error(`server exited during start; see ${this.logFile}:\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    throw new Error(`server did not become healthy in ${timeoutMs} ms; see ${this.logFile}:\n${this.logTail()}`);
  }

  /** SIGKILL to the whole process group; resolves once the port is free again. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
    this.child = null;
    await waitUntilPortClosed(this.port);
  }

  /** SIGTERM (a clean stop: commit, checkpoint, close storage); SIGKILL after `timeoutMs` (generous: a loaded 2-core machine is slow, not unclean). Resolves true if it stopped cleanly. */
  /** Exit code of the last SIGTERM stop (null: ended by a signal), for the report. */
  lastExitCode: number | null = null;

  async stop(timeoutMs = 30_000): Promise<boolean> {
    const child = this.child;
    if (!child?.pid) return true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const code = await Promise.race([this.exited, sleep(timeoutMs).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      await this.kill();
      return false;
    }
    this.child = null;
    await waitUntilPortClosed(this.port);
    this.lastExitCode = code;
    return code === 0;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The demo accounts the first start wrote. */
  accounts(): DemoAccountLine[] {
    return JSON.parse(fs.readFileSync(path.join(this.dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccountLine[];
  }

  logTail(lines = 30): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

/** A TCP port that is free right now (bound to port 0, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilPortClosed(port: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await sleep(20);
  }
  throw new Error(`port ${port} still open ${timeoutMs} ms after the server died`);
}

/** Logs in over HTTP; returns the Cookie header value. */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** The id of the first memo the cookie's user can see (the demo memo). */
export async function firstMemoId(baseUrl: string, cookie: string): Promise<string> {
  const list = (await (await fetch(`${baseUrl}/api/memos`, { headers: { cookie } })).json()) as Array<{ id: string }>;
  if (!list[0]) throw new Error('no memo visible');
  return list[0].id;
}

// ------------------------------------------------------------------ a raw protocol client

/** One typed marker: the Yjs clock range it produced and what became of it. */
export interface EditRecord {
  marker: string;
  clockStart: number;
  clockEnd: number;
  typedAt: number;
  /** Typed while the socket was not open (sent later in sync step 2). */
  offline: boolean;
  /** Sent to the server: live, or in a sync step 2 after it was typed. */
  sent: boolean;
  /** When an ack with stored clock ≥ clockEnd arrived (null: never). */
  ackedAt: number | null;
}

/** Origin of updates that came from the server, so they are not echoed back (as y-websocket's `provider` origin). */
const REMOTE = Symbol('remote');

/**
 * A y-websocket-like raw client with Accord's extensions (`?accord=1`):
 * on open it sends sync step 1 and its presence; it answers the server's
 * step 1 with step 2 = everything the server lacks; it sends each local
 * update at once while the socket is open (and not while it is closed: those
 * go with the next step 2); it reconnects on every close when asked to.
 */
export class ChaosClient {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  readonly edits: EditRecord[] = [];
  ws: WebSocket | null = null;
  /** The server's step 2 arrived on the current socket. */
  synced = false;
  /** Highest stored clock of our own client id any ack reported. */
  ackedClock = 0;
  connects = 0;
  readonly closeCodes = new Map<number, number>();
  readonly notices: NoticeMessage[] = [];
  /** Updates sent on a socket before its step 2 went out (what y-websocket does while the handshake runs). */
  sentBeforeStep2 = 0;
  private step2Sent = false;
  private stopped = false;
  private seq = 0;
  private readonly next: () => number;

  constructor(
    readonly tag: string,
    private readonly url: string,
    private readonly cookie: string,
    private readonly options: { reconnect: boolean; seed: number; onAck?: (client: ChaosClient, edits: EditRecord[]) => void },
  ) {
    this.next = seededRandom(options.seed);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalStateField('cursor', null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (this.ws?.readyState === WebSocket.OPEN) {
        if (!this.step2Sent) this.sentBeforeStep2 += 1;
        this.ws.send(syncFrame(SyncStep.update, update));
      }
    });
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Our local clock: everything we have typed. */
  get clock(): number {
    return Y.getState(this.doc.store, this.doc.clientID);
  }

  connect(): void {
    if (this.stopped) return;
    this.connects += 1;
    this.synced = false;
    this.step2Sent = false;
    const ws = new WebSocket(this.url, { headers: { cookie: this.cookie }, perMessageDeflate: false });
    this.ws = ws;
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => {
      ws.send(syncFrame(SyncStep.step1, Y.encodeStateVector(this.doc)));
      ws.send(frame((e) => {
        encoding.writeVarUint(e, MessageType.awareness);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
      }));
    });
    ws.on('message', (data: WebSocket.RawData) => {
      if (this.ws !== ws) return;
      this.onMessage(ws, toBytes(data));
    });
    ws.on('error', () => undefined); // a 'close' follows
    ws.on('close', (code: number) => {
      this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
      if (this.ws !== ws) return;
      this.ws = null;
      this.synced = false;
      if (this.options.reconnect && !this.stopped) setTimeout(() => this.connect(), 50 + Math.floor(this.next() * 150));
    });
  }

  private onMessage(ws: WebSocket, bytes: Uint8Array): void {
    try {
      const d = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(d);
      if (type === MessageType.sync) {
        const step = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (step === SyncStep.step1) {
          ws.send(syncFrame(SyncStep.step2, Y.encodeStateAsUpdate(this.doc, payload)));
          this.step2Sent = true;
          for (const e of this.edits) e.sent = true;
        } else {
          Y.applyUpdate(this.doc, payload, REMOTE);
          if (step === SyncStep.step2) this.synced = true;
        }
      } else if (type === MessageType.ack) {
        const stored = readAckBody(d).stored.get(this.doc.clientID);
        if (stored !== undefined && stored > this.ackedClock) {
          this.ackedClock = stored;
          const now = Date.now();
          const newlyAcked: EditRecord[] = [];
          for (const e of this.edits) {
            if (e.ackedAt === null && e.clockEnd <= stored) {
              e.ackedAt = now;
              newlyAcked.push(e);
            }
          }
          if (newlyAcked.length > 0) this.options.onAck?.(this, newlyAcked);
        }
      } else if (type === MessageType.notice) {
        this.notices.push(readNoticeBody(d));
      }
    } catch (error) {
      throw new Error(`${this.tag}: could not read a server message: ${(error as Error).message}`);
    }
  }

  /** Types one marker into a random clause and language, never inside another marker. Null if there is nowhere to type yet. */
  type(): EditRecord | null {
    const targets = textTargets(this.doc);
    if (targets.length === 0) return null;
    const text = targets[Math.floor(this.next() * targets.length)]!;
    const plain = plainText(text);
    let index = Math.floor(this.next() * (plain.length + 1));
    for (const m of plain.matchAll(MARKER)) {
      const start = m.index;
      const end = start + m[0].length;
      if (index > start && index < end) index = end;
    }
    this.seq += 1;
    const marker = `‹${this.tag}-${String(this.seq).padStart(6, '0')}›`;
    const clockStart = this.clock;
    const offline = !this.open;
    text.insert(index, marker);
    const edit: EditRecord = { marker, clockStart, clockEnd: this.clock, typedAt: Date.now(), offline, sent: !offline, ackedAt: null };
    this.edits.push(edit);
    return edit;
  }

  /** Closes for good (no reconnect). */
  close(): void {
    this.stopped = true;
    this.ws?.close();
  }

  /** Drops the socket abruptly, like a tab that dies: no close frame, no further message. */
  terminate(): void {
    this.stopped = true;
    this.ws?.terminate();
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** The first Y.XmlText of every clause language version the outline lists. */
function textTargets(doc: Y.Doc): Y.XmlText[] {
  const clauses = new Set(readOutline(doc).flatMap((e) => (e.t === 'clause' ? [e.id as string] : [])));
  const out: Y.XmlText[] = [];
  for (const name of doc.share.keys()) {
    const [kind, id] = name.split(':');
    if (kind !== 'clause' || id === undefined || !clauses.has(id)) continue;
    const text = firstText(doc.getXmlFragment(name));
    if (text) out.push(text);
  }
  return out;
}

function firstText(node: Y.XmlFragment | Y.XmlElement): Y.XmlText | null {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) return child;
    if (child instanceof Y.XmlElement) {
      const found = firstText(child);
      if (found) return found;
    }
  }
  return null;
}

function plainText(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : ' ')).join('');
}

function nodeText(node: Y.XmlFragment | Y.XmlElement): string {
  let out = '';
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out += plainText(child);
    else if (child instanceof Y.XmlElement) out += nodeText(child) + '\n';
  }
  return out;
}

/** The text of every clause fragment, in root-name order: what "same text" compares. */
export function clausesText(doc: Y.Doc): string {
  return [...doc.share.keys()]
    .filter((name) => name.startsWith('clause:'))
    .sort()
    .map((name) => `${name}\n${nodeText(doc.getXmlFragment(name))}`)
    .join('\n\n');
}

/** How often each marker occurs in a document's clauses. */
export function markerCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of clausesText(doc).matchAll(MARKER)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

function sameStateVector(a: Y.Doc, b: Y.Doc): boolean {
  const x = Y.decodeStateVector(Y.encodeStateVector(a));
  const y = Y.decodeStateVector(Y.encodeStateVector(b));
  if (x.size !== y.size) return false;
  for (const [client, clock] of x) if (y.get(client) !== clock) return false;
  return true;
}

/** The memo as the server holds it now: a fresh socket's sync step 2. */
export async function fetchServerDoc(wsUrl: string, memoId: string, cookie: string, timeoutMs = 5000): Promise<Y.Doc> {
  const ws = new WebSocket(`${wsUrl}/sync/${memoId}`, { headers: { cookie }, perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  const doc = new Y.Doc();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no sync step 2 in time')), timeoutMs);
      ws.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.on('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`closed ${code} before sync step 2`));
      });
      ws.on('open', () => ws.send(syncFrame(SyncStep.step1, Y.encodeStateVector(doc))));
      ws.on('message', (data: WebSocket.RawData) => {
        const d = decoding.createDecoder(toBytes(data));
        if (decoding.readVarUint(d) !== MessageType.sync || decoding.readVarUint(d) !== SyncStep.step2) return;
        Y.applyUpdate(doc, decoding.readVarUint8Array(d));
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    ws.terminate();
  }
  return doc;
}

// ------------------------------------------------------------------ reading storage the way the server loads it

/** The stored memo, rebuilt from the SQLite file opened read-only. */
export interface StoredMemo {
  /** Latest checkpoint + the log after it (what the server loads, DU2). */
  doc: Y.Doc;
  /** Rows `PRAGMA integrity_check` returned ("ok" alone when sound). */
  integrity: string[];
  checkpointSeq: number | null;
  lastSeq: number;
  /** Some stored update has missing dependencies (the server would refuse to load it). */
  pending: boolean;
  /** The whole log replayed from seq 1 gives the same state vector and text as checkpoint + tail. */
  checkpointMatchesLog: boolean;
}

/** Opens the SQLite file read-only (server stopped or dead) and rebuilds one memo. */
export function readStoredMemo(file: string, memoId: string): StoredMemo {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    const checkpoint = db
      .prepare<[string], { seq: number; state: Buffer }>('SELECT seq, state FROM checkpoints WHERE memo_id = ? ORDER BY seq DESC LIMIT 1')
      .get(memoId);
    const updates = db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE memo_id = ? ORDER BY seq').all(memoId);
    const doc = new Y.Doc();
    if (checkpoint) Y.applyUpdate(doc, new Uint8Array(checkpoint.state));
    for (const u of updates) if (u.seq > (checkpoint?.seq ?? 0)) Y.applyUpdate(doc, new Uint8Array(u.data));
    const full = new Y.Doc();
    for (const u of updates) Y.applyUpdate(full, new Uint8Array(u.data));
    const pending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    const checkpointMatchesLog = sameStateVector(doc, full) && clausesText(doc) === clausesText(full);
    full.destroy();
    return { doc, integrity, checkpointSeq: checkpoint?.seq ?? null, lastSeq: updates.at(-1)?.seq ?? 0, pending, checkpointMatchesLog };
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------------ the run

export interface ChaosOptions {
  kills: number;
  /** Seconds between a server being ready and the next SIGKILL, drawn uniformly. */
  secondsBetween: [number, number];
  clients: number;
  /** Edits per second per client, drawn uniformly per pause. */
  rate: [number, number];
  seed: number;
  /** How long the clients and the server may take to agree after the last restart. */
  convergeTimeoutMs: number;
  /** Keep the data folder (it is printed). */
  keep: boolean;
  log: (line: string) => void;
}

export interface ChaosSummary {
  seed: number;
  kills: number;
  clients: number;
  secondsBetween: [number, number];
  durationMs: number;
  /** Edits typed; each goes out live or in the next sync step 2. */
  editsSent: number;
  /** Of those, typed while the client's socket was down (mostly: the server was). */
  editsSentOffline: number;
  /** Edits an acknowledgement covered (ack.stored.get(clientID) ≥ the edit's clock end). */
  editsAcked: number;
  /** Acknowledged edits missing from storage at a kill or at the end (DU1: must be 0). */
  ackedButLost: number;
  /** Edits sent but not acknowledged that a kill dropped (allowed; the clients sent them again). */
  unackedLostAtKill: number;
  /** Spawn → /api/health answering, per restart. */
  restartMs: { avg: number; max: number };
  /** Edits (acked or not) missing from storage after the final clean stop. */
  missingAtEnd: number;
  duplicates: number;
  converged: boolean;
  /** From the last restart being ready (typing stopped) until every client and the server hold the same text. */
  convergenceMs: number | null;
  integrity: string;
  checkpointMatchesLog: boolean;
  cleanStop: boolean;
  storedUpdates: number;
  reconnects: number;
  closeCodes: Record<string, number>;
  notices: Record<string, number>;
  /** Updates sent on a socket before that socket's step 2 (y-websocket does this; they can depend on state the server lacks). */
  updatesBeforeStep2: number;
  /** Clients whose every edit is stored yet whose own clock no ack ever covered: a real client would show "Saving…" forever. */
  clientsNeverToldSaved: number;
  /** Typed → acknowledged, for edits typed while connected (offline ones wait for the restart). */
  ackLatencyMs: { p50: number; p99: number; max: number };
  violations: string[];
  dataDir: string | null;
}

const DEFAULTS: ChaosOptions = {
  kills: 10,
  secondsBetween: [0.5, 2],
  clients: 20,
  rate: [2, 3],
  seed: Math.floor(Math.random() * 2 ** 31),
  convergeTimeoutMs: 15_000,
  keep: false,
  log: (line) => console.error(line),
};

/** Runs the whole chaos experiment; never throws for a violation (see `violations`). */
export async function runChaos(partial: Partial<ChaosOptions> = {}): Promise<ChaosSummary> {
  const o: ChaosOptions = { ...DEFAULTS, ...partial };
  const started = Date.now();
  const rng = seededRandom(o.seed);
  o.log(`chaos: seed ${o.seed}, ${o.kills} kills, ${o.secondsBetween.join('–')} s apart, ${o.clients} clients`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-chaos-'));
  const server = new ServerProcess(dataDir, await freePort());
  const violations: string[] = [];
  const clients: ChaosClient[] = [];
  let typing = false;
  const typers: Array<Promise<void>> = [];
  let ackedButLost = new Set<string>();
  let unackedLostAtKill = 0;
  const ackLatencies: number[] = [];
  const restarts: number[] = [];

  try {
    await server.start();
    const accounts = server.accounts().filter((a) => a.role === 'drafter' || a.role === 'signatory');
    const observer = server.accounts().find((a) => a.role === 'observer');
    if (accounts.length === 0 || !observer) throw new Error('demo accounts missing');
    const cookies = await Promise.all(accounts.map((a) => login(server.baseUrl, a.email, a.password)));
    const observerCookie = await login(server.baseUrl, observer.email, observer.password);
    const memoId = await firstMemoId(server.baseUrl, cookies[0]!);
    const url = `${server.wsUrl}/sync/${memoId}?accord=1`;
    for (let i = 0; i < o.clients; i++) {
      const tag = `c${String(i).padStart(2, '0')}`;
      const client = new ChaosClient(tag, url, cookies[i % cookies.length]!, {
        reconnect: true,
        seed: (o.seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0,
        onAck: (_c, edits) => {
          for (const e of edits) if (!e.offline) ackLatencies.push(e.ackedAt! - e.typedAt);
        },
      });
      clients.push(client);
      client.connect();
    }
    await waitUntil(() => clients.every((c) => c.synced), 15_000, 'every client to sync');

    // Typing: each client on its own loop, also while the server is down.
    typing = true;
    for (const c of clients) {
      const next = seededRandom(o.seed + c.tag.charCodeAt(1) * 100 + c.tag.charCodeAt(2));
      typers.push(
        (async () => {
          await sleep(next() * 400);
          while (typing) {
            c.type();
            const rate = o.rate[0] + next() * (o.rate[1] - o.rate[0]);
            await sleep(1000 / rate);
          }
        })(),
      );
    }

    for (let k = 1; k <= o.kills; k++) {
      const wait = (o.secondsBetween[0] + rng() * (o.secondsBetween[1] - o.secondsBetween[0])) * 1000;
      await sleep(wait);
      await server.kill();
      // Whatever acks were already on their way have arrived once every socket has seen the close.
      await waitUntil(() => clients.every((c) => !c.open), 5000, 'every socket to notice the kill');
      const check = checkAtKill(server.databaseFile, memoId, clients);
      for (const m of check.ackedMissing) ackedButLost.add(m);
      unackedLostAtKill += check.unackedMissing;
      if (check.integrity !== 'ok') violations.push(`kill ${k}: integrity_check: ${check.integrity}`);
      if (check.pending) violations.push(`kill ${k}: stored updates with missing dependencies`);
      o.log(
        `kill ${k}/${o.kills} after ${(wait / 1000).toFixed(2)} s: ${check.storedMarkers} markers stored, ` +
          `${check.ackedMissing.length} acked missing, ${check.unackedMissing} sent-but-unacked dropped`,
      );
      const spawned = Date.now();
      await server.start();
      restarts.push(Date.now() - spawned);
    }
    typing = false;
    await Promise.all(typers);

    // Convergence: every client's text and state vector equal the server's.
    const restartedAt = Date.now();
    let convergenceMs: number | null = null;
    while (Date.now() - restartedAt < o.convergeTimeoutMs) {
      if (clients.every((c) => c.synced)) {
        try {
          const serverDoc = await fetchServerDoc(server.wsUrl, memoId, observerCookie);
          const text = clausesText(serverDoc);
          const agree = clients.every((c) => sameStateVector(c.doc, serverDoc) && clausesText(c.doc) === text);
          serverDoc.destroy();
          if (agree) {
            convergenceMs = Date.now() - restartedAt;
            break;
          }
        } catch {
          // the server is busy with reconnects; poll again
        }
      }
      await sleep(50);
    }
    if (convergenceMs === null) violations.push(`clients and server did not converge within ${o.convergeTimeoutMs} ms`);
    // Let the last acks arrive (they follow the commit of the resent step 2s).
    await waitUntil(() => clients.every((c) => c.edits.every((e) => e.ackedAt !== null)), 2000, '').catch(() => undefined);

    for (const c of clients) c.close();
    await waitUntil(() => clients.every((c) => c.ws === null), 5000, 'clients to close').catch(() => undefined);
    const cleanStop = await server.stop();
    if (!cleanStop) violations.push(`server did not stop cleanly on SIGTERM (exit code ${String(server.lastExitCode)}, or 30 s passed); its log ends:\n${server.logTail()}`);

    // The final stored state.
    const stored = readStoredMemo(server.databaseFile, memoId);
    const counts = markerCounts(stored.doc);
    const integrity = stored.integrity.join('; ');
    if (integrity !== 'ok') violations.push(`integrity_check: ${integrity}`);
    if (!stored.checkpointMatchesLog) violations.push('checkpoint + tail differs from the whole log');
    if (stored.pending) violations.push('stored updates with missing dependencies');
    let missingAtEnd = 0;
    for (const c of clients) {
      for (const e of c.edits) {
        if ((counts.get(e.marker) ?? 0) > 0) continue;
        missingAtEnd += 1;
        if (e.ackedAt !== null) ackedButLost.add(e.marker);
      }
    }
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    if (ackedButLost.size > 0) violations.push(`${ackedButLost.size} acknowledged edits lost: ${[...ackedButLost].slice(0, 10).join(' ')}`);
    if (missingAtEnd > 0) violations.push(`${missingAtEnd} edits missing from storage after convergence and a clean stop`);
    if (duplicates > 0) violations.push(`${duplicates} markers stored more than once`);

    const edits = clients.flatMap((c) => c.edits);
    const closeCodes: Record<string, number> = {};
    for (const c of clients) for (const [code, n] of c.closeCodes) closeCodes[code] = (closeCodes[code] ?? 0) + n;
    const notices: Record<string, number> = {};
    for (const c of clients) for (const n of c.notices) notices[`${n.code}: ${n.message}`] = (notices[`${n.code}: ${n.message}`] ?? 0) + 1;
    ackLatencies.sort((a, b) => a - b);
    const q = (p: number): number => ackLatencies[Math.min(ackLatencies.length - 1, Math.floor(p * ackLatencies.length))] ?? NaN;
    const summary: ChaosSummary = {
      seed: o.seed,
      kills: o.kills,
      clients: o.clients,
      secondsBetween: o.secondsBetween,
      durationMs: Date.now() - started,
      editsSent: edits.length,
      editsSentOffline: edits.filter((e) => e.offline).length,
      editsAcked: edits.filter((e) => e.ackedAt !== null).length,
      ackedButLost: ackedButLost.size,
      unackedLostAtKill,
      restartMs: { avg: Math.round(restarts.reduce((a, b) => a + b, 0) / Math.max(1, restarts.length)), max: Math.max(0, ...restarts) },
      missingAtEnd,
      duplicates,
      converged: convergenceMs !== null,
      convergenceMs,
      integrity,
      checkpointMatchesLog: stored.checkpointMatchesLog,
      cleanStop,
      storedUpdates: stored.lastSeq,
      reconnects: clients.reduce((n, c) => n + c.connects - 1, 0),
      closeCodes,
      notices,
      updatesBeforeStep2: clients.reduce((n, c) => n + c.sentBeforeStep2, 0),
      clientsNeverToldSaved: clients.filter((c) => c.ackedClock < c.clock && c.edits.every((e) => (counts.get(e.marker) ?? 0) > 0)).length,
      ackLatencyMs: { p50: q(0.5), p99: q(0.99), max: q(1) },
      violations,
      dataDir: o.keep ? dataDir : null,
    };
    stored.doc.destroy();
    return summary;
  } catch (error) {
    o.log(`chaos run failed: ${(error as Error).stack ?? String(error)}\nserver log:\n${server.logTail()}`);
    throw error;
  } finally {
    typing = false;
    for (const c of clients) c.close();
    if (server.running) await server.kill().catch(() => undefined);
    if (!o.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else o.log(`data folder kept: ${dataDir}`);
  }
}

/** With the server dead: is every edit acknowledged so far in storage? */
function checkAtKill(file: string, memoId: string, clients: ChaosClient[]) {
  const stored = readStoredMemo(file, memoId);
  const counts = markerCounts(stored.doc);
  const sv = Y.decodeStateVector(Y.encodeStateVector(stored.doc));
  const ackedMissing: string[] = [];
  let unackedMissing = 0;
  for (const c of clients) {
    // The clock check is the protocol's own promise: stored state ≥ every acked clock.
    const storedClock = sv.get(c.doc.clientID) ?? 0;
    for (const e of c.edits) {
      const present = (counts.get(e.marker) ?? 0) > 0;
      if (e.ackedAt !== null && (!present || storedClock < e.clockEnd)) ackedMissing.push(e.marker);
      else if (e.ackedAt === null && e.sent && !present) unackedMissing += 1;
    }
  }
  const result = { ackedMissing, unackedMissing, storedMarkers: counts.size, integrity: stored.integrity.join('; '), pending: stored.pending };
  stored.doc.destroy();
  return result;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// ------------------------------------------------------------------ CLI

function parseRange(value: string, name: string): [number, number] {
  const parts = value.split(',').map(Number);
  const [a, b] = parts.length === 1 ? [parts[0]!, parts[0]!] : [parts[0]!, parts[1]!];
  if (!(Number.isFinite(a) && Number.isFinite(b) && a >= 0 && b >= a)) throw new Error(`--${name} expects min,max (got "${value}")`);
  return [a, b];
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      kills: { type: 'string', default: String(DEFAULTS.kills) },
      'seconds-between': { type: 'string', default: DEFAULTS.secondsBetween.join(',') },
      clients: { type: 'string', default: String(DEFAULTS.clients) },
      rate: { type: 'string', default: DEFAULTS.rate.join(',') },
      seed: { type: 'string' },
      'converge-timeout': { type: 'string', default: String(DEFAULTS.convergeTimeoutMs / 1000) },
      keep: { type: 'boolean', default: false },
    },
  });
  const summary = await runChaos({
    kills: Number(values.kills),
    secondsBetween: parseRange(values['seconds-between'], 'seconds-between'),
    clients: Number(values.clients),
    rate: parseRange(values.rate, 'rate'),
    seed: values.seed !== undefined ? Number(values.seed) : DEFAULTS.seed,
    convergeTimeoutMs: Number(values['converge-timeout']) * 1000,
    keep: values.keep,
  });
  console.log(JSON.stringify(summary, null, 2));
  if (summary.violations.length > 0) {
    console.error(`\nVIOLATIONS (seed ${summary.seed}):\n  ${summary.violations.join('\n  ')}`);
    process.exit(1);
  }
  process.exit(0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
