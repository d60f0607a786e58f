import * as Y from 'yjs';
import { newId, type ClauseId, type LanguageCode, type MemoId, type PartyId, type UserId } from '@accord/shared/ids';
import { getAgreementMap, emptyAgreement } from '@accord/shared/memo/agreement';
import { getClauseText } from '@accord/shared/memo/ydocLayout';
import { indexCheckpoint, type IndexedState } from '../../src/history/checkpointIndex';
import { touchedKeys } from '../../src/history/touchedKeys';
import { writeMemoSeed } from '../../src/memo/seedMemo';
import type { AppendEntry, Storage } from '../../src/storage/Storage';

/** Options of {@link generateHistoryMemo}. */
export interface HistoryMemoOptions {
  clauses: number;
  /** Stored updates after the seed (each one person's small edit). */
  updates: number;
  languages?: string[];
  /** Full-state checkpoint every this many updates, as the sync server writes them (default 500). */
  checkpointEvery?: number;
  /** Seed of the pseudo-random edit script (default 1). */
  seed?: number;
}

/** What was generated: the memo, its people and the stored seq range. */
export interface HistoryMemo {
  memoId: MemoId;
  clauseIds: ClauseId[];
  users: Array<{ userId: UserId; partyId: PartyId }>;
  lastSeq: number;
}

/**
 * The history benchmark's memo (`bench/support/bigMemo.ts` is the sync
 * benchmarks'): unlike that one, every row carries the touch keys the history
 * listing reads, and there are named revisions and sign-offs to group around.
 * Writes a large memo with a long history straight through the Storage
 * interface (no server, no sockets): a seed of `clauses` clauses, then
 * `updates` small edits by four people of two parties — runs of typing at one
 * place (one update per keystroke, as editors send them), backspaces,
 * occasional bolding and sign-offs — with realistic pauses, checkpoints
 * every 500 updates and a few named revisions. Rows carry their touch keys and
 * client ids exactly as the live commit path stores them. Appends are batched
 * (1,000 rows per transaction) so 100,000 updates take seconds.
 */
export async function generateHistoryMemo(storage: Storage, options: HistoryMemoOptions): Promise<HistoryMemo> {
  const languages = (options.languages ?? ['zh', 'en']) as LanguageCode[];
  const checkpointEvery = options.checkpointEvery ?? 500;
  let state = options.seed ?? 1;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  const stamp = `${Date.now().toString(36)}${Math.floor(random() * 1e6).toString(36)}`;
  const users: Array<{ userId: UserId; partyId: PartyId; client: number }> = [];
  for (const [i, partyId] of (['cn', 'cn', 'us', 'us'] as PartyId[]).entries()) {
    const user = await storage.createUser({ id: newId() as UserId, email: `bench-${stamp}-${i}@example.org`, name: `Bench ${i}`, passwordHash: 'x', createdAt: Date.now() });
    users.push({ userId: user.id, partyId, client: 1_000_000 + i });
  }

  const perSection = 10;
  const sections = Array.from({ length: Math.ceil(options.clauses / perSection) }, (_, s) => ({
    id: `s${s}`,
    title: Object.fromEntries(languages.map((l) => [l, l === 'zh' ? `第${s + 1}节` : `Section ${s + 1}`])),
    clauses: Array.from({ length: Math.min(perSection, options.clauses - s * perSection) }, (_, c) => ({
      id: `c${s * perSection + c}`,
      text: Object.fromEntries(languages.map((l) => [l, l === 'zh' ? '双方同意在海洋科学领域加强务实合作。'.repeat(3) : 'Both sides agree to strengthen practical cooperation in marine science. '.repeat(3)])),
    })),
  }));
  const doc = new Y.Doc({ gc: true });
  writeMemoSeed(doc, { titleBlock: Object.fromEntries(languages.map((l) => [l, 'Benchmark memo'])), sections }, languages);
  const memoId = newId() as MemoId;
  let now = Date.now() - options.updates * 20_000;
  await storage.createMemo(
    { id: memoId, title: 'Benchmark memo', ownerId: users[0]!.userId, parties: [{ id: 'cn' as PartyId, name: { en: 'CN' }, color: '#c0392b' }, { id: 'us' as PartyId, name: { en: 'US' }, color: '#1f5fa8' }], languages, createdAt: now },
    users.map((u, i) => ({ memoId, userId: u.userId, partyId: u.partyId, role: i % 2 === 0 ? 'signatory' : 'drafter' })),
    { update: Y.encodeStateAsUpdate(doc), userId: null, partyId: null, createdAt: now, clientIds: [doc.clientID] },
  );
  const clauseIds = sections.flatMap((s) => s.clauses.map((c) => c.id as ClauseId));

  let pending: AppendEntry[] = [];
  let current: AppendEntry | null = null;
  doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    current!.update = update;
    current!.touched = touchedKeys(transaction);
  });
  let seq = 1;
  let who = pick(users);
  const claimed = new Set<number>();
  // Where the current person is typing: people type runs of characters at one place (as editors send them,
  // one update per keystroke), fix a typo with backspace, now and then bold a phrase, and move on.
  // As MemoDocument: each checkpoint index is built from the previous one and what was touched since.
  let indexed: IndexedState | null = null;
  let touchedSinceIndex = new Set<string>();
  let place: { clause: ClauseId; lang: LanguageCode; offset: number; left: number } | null = null;
  // Count stored rows, not attempts: an edit that changes nothing (bolding bold text) stores no update.
  while (seq - 1 < options.updates) {
    if (random() < 0.01) who = pick(users);
    now += random() < 0.005 ? 10 * 60_000 : 150 + Math.floor(random() * 3000);
    current = { update: new Uint8Array(), userId: who.userId, partyId: who.partyId, createdAt: now, clientIds: claimed.has(who.client) ? [] : [who.client] };
    claimed.add(who.client);
    doc.clientID = who.client;
    if (place === null || place.left <= 0) {
      const clause = pick(clauseIds);
      const lang = pick(languages);
      const text = (getClauseText(doc, clause, lang).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      place = { clause, lang, offset: Math.floor(random() * text.length), left: 5 + Math.floor(random() * 60) };
    }
    const spot = place;
    spot.left -= 1;
    const roll = random();
    doc.transact(() => {
      if (roll < 0.005) {
        getAgreementMap(doc).set(spot.clause, { ...emptyAgreement(), signoffs: { [who.partyId]: { userId: who.userId, name: 'Bench', hash: '0'.repeat(64), at: new Date(now).toISOString() } } });
        return;
      }
      const text = (getClauseText(doc, spot.clause, spot.lang).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      spot.offset = Math.min(spot.offset, text.length);
      if (roll < 0.1 && spot.offset > 0 && text.length > 40) {
        text.delete(spot.offset - 1, 1);
        spot.offset -= 1;
      } else if (roll < 0.11 && text.length - spot.offset > 5) text.format(spot.offset, 5, { bold: random() < 0.5 ? {} : null });
      else {
        text.insert(spot.offset, pick(['a', 'e', 'n', ' ', 's', '合', '作']));
        spot.offset += 1;
      }
    });
    if (current.update.length === 0) continue;
    for (const key of current.touched ?? []) touchedSinceIndex.add(key);
    pending.push(current);
    seq += 1;
    if (pending.length >= 1000 || seq % checkpointEvery === 0) {
      await storage.appendUpdates(memoId, pending);
      pending = [];
    }
    if (seq % checkpointEvery === 0) {
      // As MemoDocument.checkpoint writes them: the state and history's index of it.
      await storage.writeCheckpoint(memoId, seq, Y.encodeStateAsUpdate(doc));
      const index = indexCheckpoint(doc, seq, languages, indexed ? { state: indexed, touched: touchedSinceIndex } : null);
      await storage.writeCheckpointIndex(memoId, seq, index.data);
      indexed = index.state;
      touchedSinceIndex = new Set();
    }
    if (seq % 10_000 === 0) await storage.addNamedRevision(memoId, { name: `Draft ${seq / 10_000}`, kind: 'manual', userId: who.userId, at: new Date(now).toISOString() });
  }
  if (pending.length > 0) await storage.appendUpdates(memoId, pending);
  doc.destroy();
  return { memoId, clauseIds, users: users.map(({ userId, partyId }) => ({ userId, partyId })), lastSeq: await storage.lastSeq(memoId) };
}

/** The same storage with every checkpoint index hidden: history rebuilds in full, as before the index existed. */
export function withoutIndex(s: Storage): Storage {
  return new Proxy(s, {
    get(target, key, receiver) {
      if (key === 'loadCheckpointIndexAtOrBefore') return async () => null;
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
