/**
 * Fan-out benchmark, side by side: the same load against Accord (session
 * auth, lock check with locked clauses, durable SQLite group commit, acks)
 * and against the stock `@y/websocket-server` 0.1.1 (in memory, no checks),
 * each server in its own child process so that its CPU time is its own.
 *
 *   pnpm --filter @accord/server bench:fanout [-- --steps 10,20,30,50,75,100,150,200 --seconds 8 --warmup 2 --rate 5]
 *                                             [--servers accord,stock] [--observers 8] [--locked 3] [--pin true] [--json out.json]
 *
 * Per step: W writers (raw protocol clients, R one-character edits/s each,
 * jittered) and 2W passive listeners; `--observers` of the listeners decode
 * what they receive and record edit → observer latency for every edit; the
 * others read every byte without parsing frames. Every client is a RawSocket
 * (WebSocket by hand over `net` with `onread`, not `ws`), so the generator,
 * which shares the machine, stays cheaper than the servers. Both
 * servers hold the same memo (the demo memo, fetched from Accord and pushed
 * to the stock server). Reported per step and server: p50/p99 latency,
 * delivered share, server CPU (user+system of the child / wall time) and the
 * generator's own CPU. A server "sustains" W when p99 ≤ 50 ms and ≥ 99 % of
 * expected deliveries arrived. A server stops stepping after two steps in a row
 * with p99 > 250 ms or missing deliveries. Every step starts a fresh server
 * process of each kind on the seeded memo (see freshSetup).
 */
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import * as Y from 'yjs';
import { getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import { ChildServer } from './support/childServer';
import { EditBook, Listener, Samples, Writer, fetchDocument, seedDocument, type ClientTarget } from './support/loadClients';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    steps: { type: 'string', default: '10,20,30,50,75,100,150,200' },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    rate: { type: 'string', default: '5' },
    servers: { type: 'string', default: 'accord,stock' },
    observers: { type: 'string', default: '8' },
    locked: { type: 'string', default: '3' },
    json: { type: 'string' },
    /** `--pin true`: the server on CPU 0, the generator on CPU 1 (taskset), instead of letting the OS schedule both. */
    pin: { type: 'string', default: 'false' },
  },
});
const STEPS = values.steps.split(',').map(Number);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const RATE = Number(values.rate);
const OBSERVERS = Number(values.observers);
const SERVERS = values.servers.split(',') as Array<'accord' | 'stock'>;
const SUSTAIN_P99_MS = 50;
const PIN = values.pin === 'true';
if (PIN) execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
const FALLEN_OVER_P99_MS = 250;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Setup {
  server: ChildServer;
  writerTarget: ClientTarget;
  listenerTarget: ClientTarget;
  /** Clauses writers may type into (unlocked), with the languages to alternate. */
  clauses: string[];
  languages: string[];
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function call(baseUrl: string, path: string, cookie: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

interface ClauseView { id: string; hash: string }
interface SectionView { clauses: ClauseView[]; subsections: SectionView[] }
const allClauses = (sections: SectionView[]): ClauseView[] => sections.flatMap((s) => [...s.clauses, ...allClauses(s.subsections)]);

async function setUpAccord(lockCount: number): Promise<{ setup: Setup; state: Uint8Array }> {
  const server = await ChildServer.start('accord');
  if (PIN) server.pin('0');
  const account = (role: string, party: string | null = null): { email: string; password: string } =>
    server.ready.accounts.find((a) => a.role === role && (party === null || a.party === party))!;
  const base = server.httpUrl;
  const drafter = await login(base, account('drafter', 'cn').email, account('drafter', 'cn').password);
  const observer = await login(base, account('observer').email, account('observer').password);
  const signCn = await login(base, account('signatory', 'cn').email, account('signatory', 'cn').password);
  const signUs = await login(base, account('signatory', 'us').email, account('signatory', 'us').password);
  const memoId = ((await call(base, '/api/memos', drafter)) as Array<{ id: string }>)[0]!.id;
  // Lock the first clauses (both signatories sign their current text): the lock check then has work to do (LK1).
  const detail = (await call(base, `/api/memos/${memoId}`, signCn)) as { sections: SectionView[] };
  const clauses = allClauses(detail.sections);
  for (const c of clauses.slice(0, lockCount)) {
    await call(base, `/api/memos/${memoId}/clauses/${c.id}/signoffs`, signCn, { hash: c.hash });
    await call(base, `/api/memos/${memoId}/clauses/${c.id}/signoffs`, signUs, { hash: c.hash });
  }
  const url = `${server.wsUrl}/sync/${memoId}?accord=1`;
  const doc = await fetchDocument({ url, cookie: observer });
  const languages = ['zh', 'en'];
  return {
    setup: {
      server,
      writerTarget: { url, cookie: drafter },
      listenerTarget: { url, cookie: observer },
      clauses: clauses.slice(lockCount).map((c) => c.id),
      languages,
    },
    state: Y.encodeStateAsUpdate(doc),
  };
}

async function setUpStock(state: Uint8Array, clauses: string[], languages: string[]): Promise<Setup> {
  const server = await ChildServer.start('stock');
  if (PIN) server.pin('0');
  const url = `${server.wsUrl}/bench-memo`;
  await seedDocument({ url }, state);
  const check = await fetchDocument({ url });
  if (readOutline(check).length === 0) throw new Error('stock server did not take the seed document');
  return { server, writerTarget: { url }, listenerTarget: { url }, clauses, languages };
}

interface StepResult {
  server: 'accord' | 'stock';
  writers: number;
  connections: number;
  edits: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
  ackP50: number | null;
  ackP99: number | null;
  serverCpu: number;
  generatorCpu: number;
  heapMB: number;
  /** The server's event-loop delay over the measured window, p99 and max (ms). */
  loopP99: number;
  loopMax: number;
  /** The generator's own event-loop delay p99 (ms): latency it adds to what observers record. */
  genLoopP99: number;
  sustained: boolean;
}

async function runStep(kind: 'accord' | 'stock', setup: Setup, W: number): Promise<StepResult> {
  const book = new EditBook();
  const latency = new Samples();
  const acks = new Samples();
  const writers: Writer[] = [];
  const listeners: Listener[] = [];
  let edits = 0;
  let observers = 0;
  try {
    for (let i = 0; i < W; i += 10) {
      const n = Math.min(10, W - i);
      writers.push(...(await Promise.all(Array.from({ length: n }, () => Writer.connect(setup.writerTarget, book, kind === 'accord' ? acks : null)))));
    }
    for (let i = 0; i < 2 * W; i += 20) {
      const n = Math.min(20, 2 * W - i);
      listeners.push(
        ...(await Promise.all(
          Array.from({ length: n }, (_, k) =>
            Listener.connect(setup.listenerTarget, book, i + k < OBSERVERS ? latency : null),
          ),
        )),
      );
    }
    await sleep(300);
    observers = Math.min(OBSERVERS, 2 * W);
    let typing = true;
    const loops = writers.map(async (w, i) => {
      const clause = setup.clauses[i % setup.clauses.length]!;
      const lang = setup.languages[Math.floor(i / setup.clauses.length) % setup.languages.length]!;
      const text = (getClauseText(w.doc, clause, lang).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      await sleep(Math.random() * (1000 / RATE));
      while (typing) {
        w.edit(text);
        if (latency.recording) edits += 1;
        await sleep((1000 / RATE) * (0.5 + Math.random()));
      }
    });
    await sleep(WARMUP * 1000);
    const cpuBefore = await setup.server.usage();
    const genBefore = process.cpuUsage();
    const genLoop = monitorEventLoopDelay({ resolution: 5 });
    genLoop.enable();
    const t0 = performance.now();
    latency.recording = true;
    acks.recording = true;
    await sleep(SECONDS * 1000);
    latency.recording = false;
    acks.recording = false;
    const wall = performance.now() - t0;
    const cpuAfter = await setup.server.usage();
    const gen = process.cpuUsage(genBefore);
    genLoop.disable();
    typing = false;
    await Promise.all(loops);
    await sleep(1000); // deliveries of edits sent in the window that arrive later than this are missing (a slow server shows as < 100 %)
    for (const c of [...writers, ...listeners]) c.close();
    await sleep(500);
    const expected = edits * observers;
    const p99 = latency.quantile(0.99);
    return {
      server: kind,
      writers: W,
      connections: 3 * W,
      edits,
      delivered: latency.values.length,
      expected,
      p50: latency.quantile(0.5),
      p99,
      max: latency.quantile(1),
      ackP50: kind === 'accord' ? acks.quantile(0.5) : null,
      ackP99: kind === 'accord' ? acks.quantile(0.99) : null,
      serverCpu: (cpuAfter.cpuUserMicros + cpuAfter.cpuSystemMicros - cpuBefore.cpuUserMicros - cpuBefore.cpuSystemMicros) / 1000 / wall,
      generatorCpu: (gen.user + gen.system) / 1000 / wall,
      heapMB: cpuAfter.heapUsedBytes / 1024 / 1024,
      loopP99: cpuAfter.loopDelayP99Ms,
      loopMax: cpuAfter.loopDelayMaxMs,
      genLoopP99: genLoop.percentile(99) / 1e6,
      sustained: p99 <= SUSTAIN_P99_MS && latency.values.length >= 0.99 * expected,
    };
  } finally {
    for (const c of [...writers, ...listeners]) c.close();
  }

}

/**
 * A fresh server of `kind` holding the demo memo as it was seeded (Accord: with the first clauses locked; stock:
 * seeded with that same state). Every step starts from the same memo: a step neither inherits the history typed
 * by earlier steps (each writer replicates the memo, so a grown memo made the generator the bottleneck) nor a
 * server still working off the backlog of an overloaded step.
 */
let seeded: { state: Uint8Array; clauses: string[]; languages: string[] } | null = null;
async function freshSetup(kind: 'accord' | 'stock'): Promise<Setup> {
  if (kind === 'stock') {
    if (!seeded) throw new Error('the stock server is seeded with the memo Accord serves: start Accord first');
    return setUpStock(seeded.state, seeded.clauses, seeded.languages);
  }
  const { setup, state } = await setUpAccord(Number(values.locked));
  seeded ??= { state, clauses: setup.clauses, languages: setup.languages };
  return setup;
}

const results: StepResult[] = [];
const failures: Record<string, number> = { accord: 0, stock: 0 };
const fmt = (n: number | null, d = 1): string => (n === null || Number.isNaN(n) ? '-' : n.toFixed(d));
console.log('server  W  conns  edits  delivered  p50ms  p99ms  maxms  ackP50  ackP99  serverCPU  genCPU  heapMB  loopP99  loopMax  genLoopP99  ok');
for (const W of STEPS) {
  for (const kind of [...SERVERS].sort((a) => (a === 'accord' ? -1 : 1))) {
    if (failures[kind]! >= 2) continue;
    const setup = await freshSetup(kind);
    const r = await runStep(kind, setup, W).catch((error: unknown): StepResult => {
      console.log(`${kind} W=${W} failed: ${(error as Error).message}`);
      return { server: kind, writers: W, connections: 3 * W, edits: 0, delivered: 0, expected: 1, p50: NaN, p99: Infinity, max: NaN,
        ackP50: null, ackP99: null, serverCpu: NaN, generatorCpu: NaN, heapMB: NaN, loopP99: NaN, loopMax: NaN, genLoopP99: NaN, sustained: false };
    });
    await setup.server.stop();
    results.push(r);
    // Stop stepping a server once it has clearly fallen over twice in a row (a p99 just above the bar may be noise).
    failures[kind] = r.p99 > FALLEN_OVER_P99_MS || r.delivered < 0.99 * r.expected ? failures[kind]! + 1 : 0;
    console.log(
      [kind.padEnd(6), String(W).padStart(3), String(r.connections).padStart(5), String(r.edits).padStart(6), `${((100 * r.delivered) / Math.max(1, r.expected)).toFixed(1)}%`.padStart(9),
        fmt(r.p50).padStart(6), fmt(r.p99).padStart(6), fmt(r.max).padStart(6), fmt(r.ackP50).padStart(7), fmt(r.ackP99).padStart(7),
        `${(100 * r.serverCpu).toFixed(0)}%`.padStart(9), `${(100 * r.generatorCpu).toFixed(0)}%`.padStart(7), fmt(r.heapMB).padStart(7), fmt(r.loopP99).padStart(8), fmt(r.loopMax).padStart(8), fmt(r.genLoopP99).padStart(11), r.sustained ? 'yes' : 'no'].join(' '),
    );
  }
}

const best = (kind: string): number => Math.max(0, ...results.filter((r) => r.server === kind && r.sustained).map((r) => r.writers));
console.log('\nmarkdown rows (W | Accord p50/p99 ms, CPU | stock p50/p99 ms, CPU | p99 ratio stock/Accord):');
for (const W of STEPS) {
  const a = results.find((r) => r.server === 'accord' && r.writers === W);
  const s = results.find((r) => r.server === 'stock' && r.writers === W);
  if (!a && !s) continue;
  const cell = (r: StepResult | undefined): string =>
    r ? `${fmt(r.p50)} / ${fmt(r.p99)} | ${(100 * r.serverCpu).toFixed(0)}% | ${((100 * r.delivered) / Math.max(1, r.expected)).toFixed(0)}%` : '– | – | –';
  const ratio = a && s ? fmt(s.p99 / a.p99, 2) : '–';
  console.log(`| ${W} | ${3 * W} | ${cell(a)} | ${cell(s)} | ${ratio} |`);
}
const summary = { date: new Date().toISOString(), rate: RATE, seconds: SECONDS, bestAccord: best('accord'), bestStock: best('stock'), results };
console.log(`\nhighest W with p99 ≤ ${SUSTAIN_P99_MS} ms: accord ${summary.bestAccord}, stock ${summary.bestStock}` +
  (summary.bestStock > 0 ? ` (ratio ${(summary.bestAccord / summary.bestStock).toFixed(2)}×)` : ''));
if (values.json) fs.writeFileSync(values.json, JSON.stringify(summary, null, 2));
process.exit(0);
