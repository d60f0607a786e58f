import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { MemoId } from '@accord/shared/ids';
import { SqliteStorage } from '../src/storage/SqliteStorage';
import { runStorageContract } from './storageContract';
import { tempDataDir } from './support/testServer';

runStorageContract('SQLite (WAL, file on disk)', async () => {
  const file = path.join(tempDataDir(), 'accord.sqlite');
  const storage = new SqliteStorage({ file, synchronous: 'normal' });
  return {
    storage,
    reopen: async () => {
      await storage.close();
      return new SqliteStorage({ file, synchronous: 'full' });
    },
  };
});

describe('SQLite schema migration', () => {
  it('[HI1] adds the touch-key column to an update log written by an earlier version, keeping its rows', async () => {
    const file = path.join(tempDataDir(), 'accord.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE updates (memo_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, user_id TEXT, party_id TEXT,
      created_at INTEGER NOT NULL, PRIMARY KEY (memo_id, seq)) WITHOUT ROWID`);
    old.prepare('INSERT INTO updates (memo_id, seq, data, user_id, party_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run('m1', 1, Buffer.from([1]), null, null, 5);
    old.close();
    const storage = new SqliteStorage({ file, synchronous: 'normal' });
    expect(await storage.listUpdateMeta('m1' as MemoId, 10, 10)).toEqual([{ seq: 1, userId: null, partyId: null, createdAt: 5, touched: null }]);
    expect(await storage.appendUpdates('m1' as MemoId, [{ update: new Uint8Array([2]), userId: null, partyId: null, createdAt: 6, touched: ['outline'] }])).toEqual([2]);
    expect((await storage.listUpdateMeta('m1' as MemoId, 10, 10))[0]).toMatchObject({ seq: 2, touched: ['outline'] });
    await storage.close();
  });
});
