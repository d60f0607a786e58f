import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clauseIdsOf } from '@accord/shared/memo/structure';
import { readOutline } from '@accord/shared/memo/ydocLayout';
import { canonicalClause } from '@accord/shared/memo/canonical';
import { generateHistoryMemo, withoutIndex, type HistoryMemo } from '../bench/support/historyMemo';
import { indexedDigest, indexCheckpoint } from '../src/history/checkpointIndex';
import { assembleSegments } from '../src/history/checkpointSegments';
import { HistoryService } from '../src/history/HistoryService';
import { revisionDigest } from '../src/history/revisionDigest';
import { SqliteStorage } from '../src/storage/SqliteStorage';
import type { MemoRecord, Storage } from '../src/storage/Storage';
import { DocumentRegistry } from '../src/sync/DocumentRegistry';

/**
 * The checkpoint index (history/checkpointIndex.ts): what history stores with
 * each checkpoint so that compare rebuilds only the clauses the log tail
 * touched. A long log of typing, backspacing, bolding and sign-offs by four
 * people (the history benchmark's generator, small) in a real SQLite file;
 * every revision read through the index must equal its full rebuild, and
 * compare must answer exactly as without any index (data folders written
 * before the index existed).
 */
const LANGS = ['zh', 'en'];
let dir: string;
let file: string;
let storage: SqliteStorage;
let big: HistoryMemo;
let memo: MemoRecord;

const historyOf = (s: Storage): HistoryService => new HistoryService(s, new DocumentRegistry(s, { commitWindowMs: 2, commitWindowMaxMs: 2, sendBudgetPerSecond: 50_000, checkpointEvery: 100, checkpointMinIntervalMs: 0 }), { cachedSnapshots: 0 });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-history-index-'));
  file = path.join(dir, 'accord.sqlite');
  storage = new SqliteStorage({ file, synchronous: 'normal' });
  big = await generateHistoryMemo(storage, { clauses: 12, updates: 1500, checkpointEvery: 100, seed: 5 });
  memo = (await storage.getMemo(big.memoId))!;
}, 60_000);

afterAll(async () => {
  await storage?.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('[HI1] checkpoint index', () => {
  it('[HI1] the segments of a checkpoint, assembled, are exactly the checkpoint; stored ones equal a fresh split', async () => {
    for (const seq of [100, 800, 1500]) {
      const checkpoint = (await storage.loadCheckpointAtOrBefore(memo.id, seq))!;
      const full = new Y.Doc();
      Y.applyUpdate(full, checkpoint.state);
      const index = indexCheckpoint(full, checkpoint.seq, LANGS).data;
      const assembled = new Y.Doc();
      Y.applyUpdate(assembled, assembleSegments(index.stateVector, index.segments.values()));
      expect(assembled.store.pendingStructs).toBeNull();
      expect(Y.encodeStateVector(assembled)).toEqual(Y.encodeStateVector(full));
      expect(readOutline(assembled)).toEqual(readOutline(full));
      for (const id of clauseIdsOf(readOutline(full))) expect(canonicalClause(assembled, id, LANGS)).toBe(canonicalClause(full, id, LANGS));
      expect(assembled.getMap('agreement').toJSON()).toEqual(full.getMap('agreement').toJSON());
      // What the generator stored (built from the previous index and the touch keys since, as the sync server
      // does) is the same as splitting the whole state again.
      const stored = await storage.loadCheckpointSegments(memo.id, checkpoint.seq, index.segments.keys());
      expect(stored).toEqual(index.segments);
      // Segments are keyed like touch keys: one per language version, one per agreement entry.
      expect([...index.segments.keys()]).toEqual(expect.arrayContaining(['outline', `clause:${big.clauseIds[0]}:zh`, `clause:${big.clauseIds[0]}:en`]));
    }
  });

  it('[HI1] every revision read from a checkpoint index and its log tail equals its full rebuild', async () => {
    const history = historyOf(storage);
    let indexed = 0;
    for (let rev = 1; rev <= big.lastSeq; rev += 7) {
      const digest = await indexedDigest(storage, memo, rev);
      if (rev >= 100) expect(digest, `revision ${rev}`).not.toBeNull();
      if (!digest) continue;
      indexed += 1;
      const doc = await history.rebuild(memo.id, rev);
      expect(digest, `revision ${rev}`).toEqual(revisionDigest(doc, rev, LANGS, null));
      doc.destroy();
    }
    expect(indexed).toBeGreaterThan(190);
  });

  it('[HI1] compare answers exactly as with full rebuilds: distant, nearby and reversed revisions', async () => {
    const indexed = historyOf(storage);
    const rebuilt = historyOf(withoutIndex(storage));
    const last = big.lastSeq;
    const pairs: Array<[number, number]> = [[1, last], [last, 1], [150, 1400], [100, 200], [333, 341], [999, 1000], [1200, 1200], [42, 777]];
    for (const [from, to] of pairs) {
      const a = await indexed.compare(memo, from, to);
      expect(a, `${from}→${to}`).toEqual(await rebuilt.compare(memo, from, to));
      if (from !== to && Math.abs(from - to) > 50) expect(a.clauses.some((c) => c.change === 'changed')).toBe(true);
    }
  });

  it('[HI1] a data folder from before the index (no index tables, rows without touch keys) still compares the same', async () => {
    const before = await historyOf(storage).compare(memo, 120, 1450);
    await storage.close();
    // What an earlier version left: no index tables at all, and a stretch of the log without touch keys.
    const db = new Database(file);
    db.exec('DROP TABLE checkpoint_index; DROP TABLE checkpoint_segments');
    db.prepare('UPDATE updates SET touched = NULL WHERE memo_id = ? AND seq BETWEEN 1400 AND 1460').run(memo.id);
    db.close();
    storage = new SqliteStorage({ file, synchronous: 'normal' });
    expect(await storage.loadCheckpointIndexAtOrBefore(memo.id, 1450)).toBeNull();
    expect(await historyOf(storage).compare(memo, 120, 1450)).toEqual(before);
    // Checkpoints written from now on get an index again; a tail without touch keys falls back to the full rebuild.
    const doc = await historyOf(storage).rebuild(memo.id, 1400);
    await storage.writeCheckpointIndex(memo.id, 1400, indexCheckpoint(doc, 1400, LANGS).data);
    expect(await indexedDigest(storage, memo, 1450)).toBeNull();
    expect(await indexedDigest(storage, memo, 1400)).toEqual(revisionDigest(doc, 1400, LANGS, null));
    expect(await historyOf(storage).compare(memo, 120, 1450)).toEqual(before);
    doc.destroy();
  });
});
