/**
 * Acknowledgement latency (DU1): W raw protocol clients type into the demo
 * memo at R edits/s each; we measure edit sent → durable ack received.
 *
 *   pnpm --filter @accord/server bench:ack [-- --writers 20 --rate 5 --seconds 10 --warmup 2 --synchronous normal]
 *
 * The server runs in this process on a fresh data folder (real SQLite file,
 * real sockets). Edits of the first --warmup seconds are typed but not counted
 * (JIT warm-up; the writers start at staggered moments). Prints p50/p99/max in ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MessageType } from '@accord/shared/protocol/messages';
import { getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import { configFromEnv } from '../src/config';
import { createAccordServer } from '../src/server';
import { applySyncFrames, acksIn, step1Frame, updateFrame } from '../test/support/yjsFrames';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    writers: { type: 'string', default: '20' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    synchronous: { type: 'string', default: 'normal' },
  },
});
const W = Number(values.writers);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-'));
const config = { ...configFromEnv({ ...process.env, DATA_DIR: dataDir }), port: 0, host: '127.0.0.1', clientDir: null, log: false };
config.synchronous = values.synchronous === 'full' ? 'full' : 'normal';
config.argon2 = { memoryCost: 1024, timeCost: 1 };
const server = createAccordServer(config);
const url = await server.start();
const signatory = server.demoAccounts.find((a) => a.role === 'drafter')!;
const res = await fetch(`${url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: signatory.email, password: signatory.password }),
});
const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const memoId = ((await (await fetch(`${url}/api/memos`, { headers: { cookie } })).json()) as Array<{ id: string }>)[0]!.id;

interface Writer {
  ws: WebSocket;
  doc: Y.Doc;
  sent: Array<{ clock: number; at: number; counted: boolean }>;
}
const latencies: number[] = [];

async function writer(): Promise<Writer> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/sync/${memoId}?accord=1`, { headers: { cookie } });
  const doc = new Y.Doc();
  const w: Writer = { ws, doc, sent: [] };
  const first: Uint8Array[] = [];
  let synced = false;
  ws.on('message', (data: Buffer) => {
    const m = new Uint8Array(data);
    if (!synced) {
      first.push(m);
      if (m[0] === MessageType.sync && m[1] === 1) {
        applySyncFrames(doc, first);
        synced = true;
      }
      return;
    }
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== MessageType.ack) return;
    const stored = acksIn([m])[0]!.stored.get(doc.clientID) ?? 0;
    const now = performance.now();
    while (w.sent.length > 0 && w.sent[0]!.clock <= stored) {
      const edit = w.sent.shift()!;
      if (edit.counted) latencies.push(now - edit.at);
    }
  });
  await new Promise<void>((resolve) => ws.on('open', () => resolve()));
  ws.send(step1Frame(doc));
  while (!synced) await new Promise((r) => setTimeout(r, 5));
  doc.on('update', (u: Uint8Array) => {
    w.sent.push({ clock: Y.getState(doc.store, doc.clientID), at: performance.now(), counted: Date.now() >= measureFrom });
    ws.send(updateFrame(u));
  });
  return w;
}

const writers = await Promise.all(Array.from({ length: W }, writer));
const clauses = readOutline(writers[0]!.doc).filter((e) => e.t === 'clause').map((e) => e.id);
// Warm-up edits (JIT, first allocations) are typed but not counted; each writer starts at its own moment.
const measureFrom = Date.now() + WARMUP * 1000;
const end = measureFrom + SECONDS * 1000;
await Promise.all(
  writers.map(async (w, i) => {
    const clause = clauses[i % clauses.length]!;
    await new Promise((r) => setTimeout(r, Math.random() * (1000 / RATE)));
    while (Date.now() < end) {
      const t = (getClauseText(w.doc, clause, 'en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      t.insert(Math.floor(Math.random() * (t.length + 1)), 'x');
      await new Promise((r) => setTimeout(r, (1000 / RATE) * (0.5 + Math.random())));
    }
  }),
);
await new Promise((r) => setTimeout(r, 500));
for (const w of writers) w.ws.close();
await server.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const q = (p: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(2);
console.log(
  JSON.stringify({ writers: W, ratePerWriter: RATE, seconds: SECONDS, synchronous: config.synchronous, acked: latencies.length, p50ms: q(0.5), p99ms: q(0.99), maxms: q(1) }),
);
