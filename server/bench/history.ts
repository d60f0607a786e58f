/**
 * Revision history cost (issue 4) on a big memo: 1,000 clauses in two
 * languages with 100,000 stored updates (checkpoints every 500, as the sync
 * server writes them). Timed, each over --runs samples:
 *   - list: the newest page of the revision timeline (50 revisions), and a page deep in history;
 *   - rebuild: the memo at a random revision (checkpoint at or before it + log tail), uncached;
 *   - compare: two random revisions at least half the log apart, nothing cached, every clause and language compared
 *     (each revision read from its checkpoint's index plus the clauses its log tail touched);
 *   - the same without checkpoint indexes (a data folder written before them: both revisions rebuilt in full);
 *   - compare two revisions 200 updates apart, uncached (touch keys let it skip clauses nobody touched);
 *   - compare again with both revisions in the snapshot cache (what toggling in the history page costs);
 *   - what a checkpoint costs the sync server when it is written: encoding the state, and history's index of it.
 *
 *   pnpm --filter @accord/server bench:history [-- --clauses 1000 --updates 100000 --runs 40]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { indexCheckpoint } from '../src/history/checkpointIndex';
import { HistoryService } from '../src/history/HistoryService';
import { SqliteStorage } from '../src/storage/SqliteStorage';
import { DocumentRegistry } from '../src/sync/DocumentRegistry';
import { generateHistoryMemo, withoutIndex } from './support/historyMemo';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    clauses: { type: 'string', default: '1000' },
    updates: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '40' },
  },
});
const runs = Number(values.runs);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-history-'));
const storage = new SqliteStorage({ file: path.join(dir, 'accord.sqlite'), synchronous: 'normal' });
const registry = new DocumentRegistry(storage, { commitWindowMs: 2, commitWindowMaxMs: 2, sendBudgetPerSecond: 50_000, checkpointEvery: 500, checkpointMinIntervalMs: 0 });
// No snapshot cache: every rebuild and compare below pays the full cost.
const history = new HistoryService(storage, registry, { cachedSnapshots: 0 });

let seed = 7;
const random = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};

async function time(label: string, work: () => Promise<unknown>): Promise<void> {
  await work(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpuStart);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1e3);
  }
  const q = (list: number[], p: number): string => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  };
  console.log(`| ${label} | ${runs} | ${q(wall, 0.5)} | ${q(wall, 0.99)} | ${q(cpu, 0.5)} | ${q(cpu, 0.99)} |`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const big = await generateHistoryMemo(storage, { clauses: Number(values.clauses), updates: Number(values.updates) });
  const memo = (await storage.getMemo(big.memoId))!;
  console.log(`load average before timing: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  console.log(`generated ${values.clauses} clauses, ${big.lastSeq} stored updates in ${((Date.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(path.join(dir, 'accord.sqlite')).size / 1e6).toFixed(0)} MB file)`);
  const page = await history.listRevisions(memo, { limit: 50 });
  console.log(`newest page: ${page.revisions.length} revisions covering updates ${page.revisions[page.revisions.length - 1]!.firstSeq}..${page.latest}`);
  // Wall time suffers from whatever else runs on the machine; CPU time (this process, all threads) much less.
  console.log('| operation | runs | wall p50 ms | wall p99 ms | CPU p50 ms | CPU p99 ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  await time('list newest 50 revisions', () => history.listRevisions(memo, { limit: 50 }));
  await time('list 50 revisions at a random point', () => history.listRevisions(memo, { limit: 50, before: 2 + Math.floor(random() * big.lastSeq) }));
  await time('rebuild a random revision', async () => (await history.rebuild(memo.id, 1 + Math.floor(random() * big.lastSeq))).destroy());
  await time('compare two revisions ≥ half the log apart', async () => {
    const from = 1 + Math.floor(random() * (big.lastSeq / 2));
    const to = Math.min(big.lastSeq, from + Math.floor(big.lastSeq / 2) + Math.floor(random() * (big.lastSeq / 2)));
    return history.compare(memo, from, to);
  });
  const noIndex = new HistoryService(withoutIndex(storage), registry, { cachedSnapshots: 0 });
  await time('compare two revisions ≥ half the log apart, no checkpoint index (full rebuilds)', async () => {
    const from = 1 + Math.floor(random() * (big.lastSeq / 2));
    const to = Math.min(big.lastSeq, from + Math.floor(big.lastSeq / 2) + Math.floor(random() * (big.lastSeq / 2)));
    return noIndex.compare(memo, from, to);
  });
  await time('compare two revisions 200 updates apart (cold)', async () => {
    const from = 1 + Math.floor(random() * (big.lastSeq - 201));
    return history.compare(memo, from, from + 200);
  });
  // What a person toggling between views pays: both revisions already rebuilt and cached (the history page's LRU).
  const cached = new HistoryService(storage, registry);
  const pairs = [0, 1, 2].map(() => {
    const from = 1 + Math.floor(random() * (big.lastSeq / 2));
    return [from, Math.min(big.lastSeq, from + Math.floor(big.lastSeq / 2))] as const;
  });
  let next = 0;
  for (const [from, to] of pairs) await cached.compare(memo, from, to);
  await time('compare two distant revisions, both already rebuilt (cached)', () => {
    const [from, to] = pairs[next++ % pairs.length]!;
    return cached.compare(memo, from, to);
  });
  // The sync server's side (MemoDocument.checkpoint, every 500 updates): the state it always encoded, and the
  // index it now writes with it — on the memo at its newest checkpoint (the biggest state).
  const doc = await history.rebuild(memo.id, 500 * Math.floor(big.lastSeq / 500));
  await time('checkpoint: encode the state (as before)', async () => Y.encodeStateAsUpdate(doc));
  await time('checkpoint: its history index, from scratch (first checkpoint after a load)', async () => indexCheckpoint(doc, 0, memo.languages));
  // Steady state: built from the previous index (500 updates earlier) and the touch keys of the updates since.
  const newest = 500 * Math.floor(big.lastSeq / 500);
  const before = await history.rebuild(memo.id, newest - 500);
  const previous = indexCheckpoint(before, newest - 500, memo.languages).state;
  before.destroy();
  const touched = new Set((await storage.listUpdateMeta(memo.id, newest + 1, 500)).flatMap((row) => row.touched ?? []));
  await time('checkpoint: its history index, from the previous one (every 500 updates)', async () => indexCheckpoint(doc, newest, memo.languages, { state: previous, touched }));
  doc.destroy();
  console.log(`load average after timing: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
