import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageCode, UserId } from '@accord/shared/ids';
import { blankMemoSeed } from '../src/memo/seedMemo';
import type { MemoRecord } from '../src/storage/Storage';
import { startTestServer, type TestServer } from './support/testServer';

v8.setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const MEMOS = 1000;
let ts: TestServer;
const memos: MemoRecord[] = [];

beforeAll(async () => {
  ts = await startTestServer();
  const owner = ts.accounts[0]!;
  const ownerId = (await ts.server.storage.findUserByEmail(owner.email))!.id as UserId;
  const languages = ['zh', 'en'] as LanguageCode[];
  for (let i = 0; i < MEMOS; i++) {
    const id = await ts.server.memos.create({
      title: `Memo ${i}`,
      ownerId,
      parties: [],
      languages,
      seed: blankMemoSeed(`Memo ${i}`, languages),
      members: [{ userId: ownerId, partyId: null, role: 'facilitator' }],
    });
    memos.push((await ts.server.storage.getMemo(id))!);
  }
}, 120_000);
afterAll(async () => ts?.stop());

const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('memory', () => {
  it('[DU2] opening and closing 1,000 memos returns the heap to within 10% of its baseline; nothing stays loaded', async () => {
    const cycle = async (): Promise<void> => {
      for (const memo of memos) {
        const doc = await ts.server.registry.acquire(memo);
        await ts.server.registry.release(doc, null);
      }
    };
    await cycle(); // warm-up: first checkpoints written, code paths compiled
    const baseline = heap();
    await cycle();
    const after = heap();
    console.log(`[memory] heap baseline ${(baseline / 1e6).toFixed(1)} MB, after ${MEMOS} opens/closes ${(after / 1e6).toFixed(1)} MB`);
    expect(ts.server.registry.size).toBe(0);
    expect(after).toBeLessThan(baseline * 1.1);
  }, 120_000);
});
