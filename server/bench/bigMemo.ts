/**
 * Big memo, server side: generates a memo of `--clauses` clauses in two
 * languages with `--updates` stored updates (bench/support/bigMemo.ts), then
 * measures
 *
 * - cold load: a memo not in memory → MemoDocument ready to sync (newest
 *   checkpoint + tail read from SQLite and applied, the server's own code
 *   path), each of `--loads` loads listed, best and median;
 * - bytes sent to a joining client (an empty client: sync step 1, step 2, presence), from the
 *   server's own handshake code;
 * - heap of the open memo (after GC) against its encoded size;
 * - with `--clients N` (default 200): the real server in a child process, N raw
 *   clients connected to the big memo, and the child's heap before and after.
 *
 *   pnpm --filter @accord/server bench:bigmemo [-- --clauses 1000 --updates 100000 --loads 5 --clients 200]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { MemberRecord } from '../src/storage/Storage';
import { SqliteStorage } from '../src/storage/SqliteStorage';
import { MemoDocument, type DocumentPeer } from '../src/sync/MemoDocument';
import { configFromEnv } from '../src/config';
import { createAccordServer, databaseFile } from '../src/server';
import type { UserId } from '@accord/shared/ids';
import { generateBigMemo, type BigMemo } from './support/bigMemo';
import type { DemoAccount } from '../src/memo/demoSetup';
import { ChildServer } from './support/childServer';
import { Listener, EditBook } from './support/loadClients';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    clauses: { type: 'string', default: '1000' },
    updates: { type: 'string', default: '100000' },
    loads: { type: 'string', default: '5' },
    clients: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    /** Reuse a data folder kept by an earlier `--keep` run (skips generation): `--reuse <dir>`. */
    reuse: { type: 'string' },
  },
});
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const MB = (b: number): string => (b / 1024 / 1024).toFixed(2);

const dataDir = values.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bigmemo-'));
const BIG_FILE = path.join(dataDir, 'big-memo.json');
// Seed the demo (its people become the big memo's members, so the real server lets them in).
const seedConfig = { ...configFromEnv({ ...process.env, DATA_DIR: dataDir }), port: 0, host: '127.0.0.1', clientDir: null, log: false };
seedConfig.argon2 = { memoryCost: 1024, timeCost: 1 };
let big: BigMemo;
let accounts: DemoAccount[];
let members: MemberRecord[] = [];
let storage: SqliteStorage;
let t = 0;
if (values.reuse) {
  ({ big, accounts, members } = JSON.parse(fs.readFileSync(BIG_FILE, 'utf8')) as { big: BigMemo; accounts: DemoAccount[]; members: MemberRecord[] });
} else {
const seeder = createAccordServer(seedConfig);
await seeder.start();
accounts = seeder.demoAccounts;
for (const a of accounts) {
  const user = await seeder.storage.findUserByEmail(a.email);
  members.push({ memoId: '' as never, userId: user!.id as UserId, partyId: a.party as never, role: a.role as never });
}
await seeder.stop();

storage = new SqliteStorage({ file: databaseFile(dataDir), synchronous: 'normal' });
t = performance.now();
big = await generateBigMemo(storage, {
  clauses: Number(values.clauses),
  updates: Number(values.updates),
  members: [...members.filter((m) => m.role === 'facilitator'), ...members.filter((m) => m.role !== 'facilitator')],
});
const generateMs = performance.now() - t;
await storage.close();
console.log(`generated ${big.updates} updates, ${big.clauseIds.length} clauses × ${big.languages.length} languages, ${big.checkpoints} checkpoints, encoded ${MB(big.encodedBytes)} MB in ${(generateMs / 1000).toFixed(1)} s`);
fs.writeFileSync(BIG_FILE, JSON.stringify({ big, accounts, members }));
}

// Cold loads: each from a fresh storage connection.
const loads: number[] = [];
let heapPerMemo = 0;
let tailLength = 0;
const options = { commitWindowMs: 2, commitWindowMaxMs: 25, sendBudgetPerSecond: 50_000, checkpointEvery: 500, checkpointMinIntervalMs: 5000 };
// One storage, as in the server (its WAL worker started and settled); each load is a memo not in memory.
storage = new SqliteStorage({ file: databaseFile(dataDir), synchronous: 'normal' });
await new Promise((r) => setTimeout(r, 1000));
for (let i = 0; i < Number(values.loads); i++) {
  const memo = (await storage.getMemo(big.memoId))!;
  const before = heap();
  t = performance.now();
  const doc = await MemoDocument.load(memo, storage, options, () => undefined);
  loads.push(performance.now() - t);
  if (i === 0) heapPerMemo = heap() - before;
  if (i === 0) tailLength = (await storage.loadDocument(big.memoId)).tail.length;
  // Bytes a joining (empty) client receives: sync step 1 + step 2 (+ presence, none here).
  if (i === 0) {
    let bytes = 0;
    const peer: DocumentPeer = { id: 1, userId: members[0]!.userId, partyId: null, extensions: true, send: (m) => (bytes += m.byteLength), close: () => undefined };
    doc.addPeer(peer);
    t = performance.now();
    await doc.answerSyncStep1(peer, new Uint8Array([0]));
    console.log(`joining client: ${bytes} bytes (${MB(bytes)} MB), sync step 2 built in ${(performance.now() - t).toFixed(1)} ms`);
    doc.removePeer(peer);
  }
  doc.awareness.destroy();
  doc.doc.destroy();
}
await storage.close();
const sorted = [...loads].sort((a, b) => a - b);
console.log(`cold load (checkpoint + ${tailLength}-update tail): best ${sorted[0]!.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms  [${loads.map((l) => l.toFixed(0)).join(', ')}]`);
console.log(`heap per open memo: ${MB(heapPerMemo)} MB = ${(heapPerMemo / big.encodedBytes).toFixed(1)}× its encoded size (${MB(big.encodedBytes)} MB)`);

const clients = Number(values.clients);
if (clients > 0) {
  const server = await ChildServer.start('accord', { DATA_DIR: dataDir });
  const base = server.httpUrl;
  const observer = accounts.find((a) => a.role === 'observer')!;
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: observer.email, password: observer.password }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const idle = (await server.usage(true)).heapUsedBytes;
  const book = new EditBook();
  const target = { url: `${server.wsUrl}/sync/${big.memoId}?accord=1`, cookie };
  const first = await Listener.connect(target, book, null);
  await new Promise((r) => setTimeout(r, 1500));
  const one = (await server.usage(true)).heapUsedBytes;
  const list = [first];
  for (let i = 1; i < clients; i += 20) {
    list.push(...(await Promise.all(Array.from({ length: Math.min(20, clients - i) }, () => Listener.connect(target, book, null)))));
  }
  await new Promise((r) => setTimeout(r, 3000));
  const many = (await server.usage(true)).heapUsedBytes;
  const received = list.reduce((n, l) => n + l.bytes, 0);
  console.log(
    `real server heap: idle ${MB(idle)} MB, big memo open with 1 client ${MB(one)} MB (+${MB(one - idle)}), with ${clients} clients ${MB(many)} MB ` +
      `(+${((many - one) / 1024 / (clients - 1)).toFixed(1)} KB per further client); clients received ${MB(received / clients)} MB each`,
  );
  for (const l of list) l.close();
  await server.stop();
}
if (!values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
else console.log(`data kept in ${dataDir} (memo ${big.memoId})`);
process.exit(0);
