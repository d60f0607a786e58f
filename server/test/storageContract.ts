import { describe, expect, it } from 'vitest';
import type { LanguageCode, MemoId, PartyId, UserId } from '@accord/shared/ids';
import type { Storage } from '../src/storage/Storage';

/**
 * The storage contract: every adapter (SQLite today, PostgreSQL later) must
 * pass this suite. `setup` returns a fresh, empty storage; `reopen` (optional)
 * closes it and opens the same data again, to check durability.
 */
export function runStorageContract(name: string, setup: () => Promise<{ storage: Storage; reopen?: () => Promise<Storage> }>): void {
  const user = (id: string, email = `${id}@example.org`) => ({
    id: id as UserId,
    email,
    name: `User ${id}`,
    passwordHash: 'hash',
    createdAt: 1,
  });
  const memo = (id: string, ownerId: string) => ({
    id: id as MemoId,
    title: `Memo ${id}`,
    ownerId: ownerId as UserId,
    parties: [{ id: 'a' as PartyId, name: { en: 'A' }, color: '#000000' }],
    languages: ['zh', 'en'] as LanguageCode[],
    createdAt: 10,
  });
  const entry = (n: number) => ({ update: new Uint8Array([n, n + 1]), userId: 'u1' as UserId, partyId: 'a' as PartyId, createdAt: 100 + n });

  describe(`storage contract: ${name}`, () => {
    it('stores users and finds them by id and by email, case-insensitively', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1', 'Ann@Example.org'));
      expect((await storage.findUserById('u1' as UserId))?.email).toBe('Ann@Example.org');
      expect((await storage.findUserByEmail('ann@example.org'))?.id).toBe('u1');
      expect(await storage.findUserByEmail('nobody@example.org')).toBeNull();
      expect(await storage.countUsers()).toBe(1);
      await expect(storage.createUser(user('u2', 'ann@example.org'))).rejects.toThrow();
      await storage.close();
    });

    it('remembers a user\'s interface language (null until set)', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1'));
      await storage.createUser(user('u2'));
      expect((await storage.findUserById('u1' as UserId))?.locale).toBeNull();
      await storage.setUserLocale('u1' as UserId, 'zh');
      expect((await storage.findUserById('u1' as UserId))?.locale).toBe('zh');
      expect((await storage.findUserByEmail('u1@example.org'))?.locale).toBe('zh');
      expect((await storage.findUserById('u2' as UserId))?.locale).toBeNull();
      await storage.setUserLocale('u1' as UserId, 'en');
      expect((await storage.findUserById('u1' as UserId))?.locale).toBe('en');
      await storage.close();
    });

    it('keeps sessions until deleted or expired', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1'));
      await storage.createSession({ tokenHash: 'h1', userId: 'u1' as UserId, createdAt: 1, expiresAt: 50 });
      await storage.createSession({ tokenHash: 'h2', userId: 'u1' as UserId, createdAt: 1, expiresAt: 500 });
      expect((await storage.findSession('h1'))?.userId).toBe('u1');
      expect(await storage.deleteExpiredSessions(100)).toBe(1);
      expect(await storage.findSession('h1')).toBeNull();
      await storage.deleteSession('h2');
      expect(await storage.findSession('h2')).toBeNull();
      await storage.close();
    });

    it('[DU3] creates a memo with its members and first update in one step', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1'));
      await storage.createUser(user('u2'));
      await storage.createMemo(memo('m1', 'u1'), [{ memoId: 'm1' as MemoId, userId: 'u1' as UserId, partyId: 'a' as PartyId, role: 'signatory' }], entry(1));
      expect((await storage.getMemo('m1' as MemoId))?.languages).toEqual(['zh', 'en']);
      expect((await storage.listMemosOf('u1' as UserId)).map((r) => [r.memo.id, r.member.role])).toEqual([['m1', 'signatory']]);
      expect(await storage.listMemosOf('u2' as UserId)).toEqual([]);
      const loaded = await storage.loadDocument('m1' as MemoId);
      expect(loaded.checkpoint).toBeNull();
      expect(loaded.tail.map((u) => [u.seq, [...u.update]])).toEqual([[1, [1, 2]]]);
      // A second memo with the same id fails as a whole: nothing half-created.
      await expect(storage.createMemo(memo('m1', 'u2'), [], entry(9))).rejects.toThrow();
      expect((await storage.loadDocument('m1' as MemoId)).tail.length).toBe(1);
      await storage.close();
    });

    it('manages membership', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1'));
      await storage.createUser(user('u2'));
      await storage.createMemo(memo('m1', 'u1'), [{ memoId: 'm1' as MemoId, userId: 'u1' as UserId, partyId: null, role: 'facilitator' }], entry(1));
      await storage.putMember({ memoId: 'm1' as MemoId, userId: 'u2' as UserId, partyId: 'a' as PartyId, role: 'drafter' });
      await storage.putMember({ memoId: 'm1' as MemoId, userId: 'u2' as UserId, partyId: 'a' as PartyId, role: 'signatory' });
      expect((await storage.getMember('m1' as MemoId, 'u2' as UserId))?.role).toBe('signatory');
      expect((await storage.listMembers('m1' as MemoId)).length).toBe(2);
      expect(await storage.removeMember('m1' as MemoId, 'u2' as UserId)).toBe(true);
      expect(await storage.removeMember('m1' as MemoId, 'u2' as UserId)).toBe(false);
      expect(await storage.getMember('m1' as MemoId, 'u2' as UserId)).toBeNull();
      await storage.close();
    });

    it('[HI1] appends updates with author, party and time, in order, and loads checkpoint + tail', async () => {
      const { storage, reopen } = await setup();
      await storage.createUser(user('u1'));
      await storage.createMemo(memo('m1', 'u1'), [], entry(1));
      expect(await storage.appendUpdates('m1' as MemoId, [entry(2), entry(3)])).toEqual([2, 3]);
      await storage.writeCheckpoint('m1' as MemoId, 3, new Uint8Array([9, 9, 9]));
      expect(await storage.appendUpdates('m1' as MemoId, [entry(4)])).toEqual([4]);
      const check = async (s: Storage) => {
        const loaded = await s.loadDocument('m1' as MemoId);
        expect(loaded.checkpoint).toEqual({ seq: 3, state: new Uint8Array([9, 9, 9]) });
        expect(loaded.tail.map((u) => u.seq)).toEqual([4]);
        expect(loaded.tail[0]).toMatchObject({ userId: 'u1', partyId: 'a', createdAt: 104 });
        // The log itself is never compacted away (history, HI1).
        expect((await s.listUpdates('m1' as MemoId, 0, 100)).map((u) => u.seq)).toEqual([1, 2, 3, 4]);
        expect((await s.listUpdates('m1' as MemoId, 1, 2)).map((u) => u.seq)).toEqual([2, 3]);
      };
      await check(storage);
      if (reopen) {
        const again = await reopen();
        await check(again);
        expect(await again.integrityCheck()).toEqual([]);
        await again.close();
      } else await storage.close();
    });

    it('[HI1] reads history: checkpoint at or before a seq, updates between two seqs, row metadata with touch keys', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1'));
      await storage.createMemo(memo('m1', 'u1'), [], entry(1));
      await storage.appendUpdates('m1' as MemoId, [
        { ...entry(2), touched: ['clause:c1:en', 'outline'] },
        { ...entry(3), touched: [] },
        { ...entry(4), touched: ['agreement:c1'] },
      ]);
      await storage.writeCheckpoint('m1' as MemoId, 2, new Uint8Array([2]));
      await storage.writeCheckpoint('m1' as MemoId, 4, new Uint8Array([4]));
      expect(await storage.lastSeq('m1' as MemoId)).toBe(4);
      expect(await storage.lastSeq('nope' as MemoId)).toBe(0);
      // Older checkpoints stay: history rebuilds start from the newest one at or before the revision.
      expect(await storage.loadCheckpointAtOrBefore('m1' as MemoId, 1)).toBeNull();
      expect(await storage.loadCheckpointAtOrBefore('m1' as MemoId, 3)).toEqual({ seq: 2, state: new Uint8Array([2]) });
      expect(await storage.loadCheckpointAtOrBefore('m1' as MemoId, 9)).toEqual({ seq: 4, state: new Uint8Array([4]) });
      expect((await storage.listUpdatesBetween('m1' as MemoId, 1, 3)).map((u) => u.seq)).toEqual([2, 3]);
      const meta = await storage.listUpdateMeta('m1' as MemoId, 5, 3);
      expect(meta.map((m) => m.seq)).toEqual([4, 3, 2]);
      expect(meta.map((m) => m.touched)).toEqual([['agreement:c1'], [], ['clause:c1:en', 'outline']]);
      expect(meta[0]).toMatchObject({ userId: 'u1', partyId: 'a', createdAt: 104 });
      // The seed row was stored without touch keys: unknown, not empty.
      expect((await storage.listUpdateMeta('m1' as MemoId, 2, 10))[0]).toMatchObject({ seq: 1, touched: null });
      await storage.close();
    });

    it('[HI1] stores a checkpoint index and reads the newest at or before a seq, and only the segments asked for', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1'));
      await storage.createMemo(memo('m1', 'u1'), [], entry(1));
      await storage.appendUpdates('m1' as MemoId, [entry(2), entry(3), entry(4)]);
      await storage.writeCheckpoint('m1' as MemoId, 2, new Uint8Array([2]));
      await storage.writeCheckpoint('m1' as MemoId, 4, new Uint8Array([4]));
      // A checkpoint without an index (written by an earlier version) has none.
      expect(await storage.loadCheckpointIndexAtOrBefore('m1' as MemoId, 4)).toBeNull();
      const segments = new Map([
        ['clause:c1:en', new Uint8Array([1, 2])],
        ['agreement:c1', new Uint8Array([3])],
      ]);
      await storage.writeCheckpointIndex('m1' as MemoId, 2, { digest: new Uint8Array([7]), stateVector: new Uint8Array([8]), segments });
      expect(await storage.loadCheckpointIndexAtOrBefore('m1' as MemoId, 1)).toBeNull();
      // The newest index at or before: the one at 2, also for 4 (whose checkpoint has none).
      for (const seq of [2, 3, 4]) {
        expect(await storage.loadCheckpointIndexAtOrBefore('m1' as MemoId, seq)).toEqual({ seq: 2, digest: new Uint8Array([7]), stateVector: new Uint8Array([8]) });
      }
      const read = await storage.loadCheckpointSegments('m1' as MemoId, 2, ['clause:c1:en', 'clause:c2:en']);
      expect([...read]).toEqual([['clause:c1:en', new Uint8Array([1, 2])]]);
      expect((await storage.loadCheckpointSegments('m1' as MemoId, 4, ['clause:c1:en'])).size).toBe(0);
      await storage.close();
    });

    it('keeps documents of different memos apart', async () => {
      const { storage } = await setup();
      await storage.createUser(user('u1'));
      await storage.createMemo(memo('m1', 'u1'), [], entry(1));
      await storage.createMemo(memo('m2', 'u1'), [], entry(5));
      await storage.appendUpdates('m2' as MemoId, [entry(6)]);
      expect((await storage.loadDocument('m1' as MemoId)).tail.length).toBe(1);
      expect((await storage.loadDocument('m2' as MemoId)).tail.map((u) => u.seq)).toEqual([1, 2]);
      expect((await storage.loadDocument('nope' as MemoId)).tail).toEqual([]);
      await storage.close();
    });
  });
}
