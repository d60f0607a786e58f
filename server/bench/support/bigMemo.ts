import * as Y from 'yjs';
import { newId, type ClauseId, type LanguageCode, type MemoId, type PartyId, type UserId } from '@accord/shared/ids';
import type { MemoSeed, SectionSeed } from '@accord/shared/memo/seed';
import type { Role } from '@accord/shared/memo/schema';
import { getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import { writeMemoSeed } from '../../src/memo/seedMemo';
import type { AppendEntry, MemoRecord, Storage } from '../../src/storage/Storage';
import { seededRandom } from '../../test/support/random';

/** Who may open the generated memo; without it the generator creates its own (unusable-password) users. */
export interface BigMemoMember {
  userId: UserId;
  partyId: PartyId | null;
  role: Role;
}

export interface BigMemoOptions {
  clauses: number;
  /** Stored updates in all, the seed included. */
  updates: number;
  /** Default `['zh', 'en']`. */
  languages?: string[];
  /** Members (the first is the owner); default: four generated users, a drafter and a signatory per party. */
  members?: BigMemoMember[];
  /** Checkpoint every this many updates, as the server does (default 500). */
  checkpointEvery?: number;
  seed?: number;
}

export interface BigMemo {
  memoId: MemoId;
  clauseIds: ClauseId[];
  languages: LanguageCode[];
  /** Stored update rows (seed included). */
  updates: number;
  checkpoints: number;
  /** Size of the whole document encoded as one update (what a fresh client is sent). */
  encodedBytes: number;
}

const PARTIES = [
  { id: 'cn' as PartyId, name: { zh: '中方', en: 'Chinese side' }, color: '#b91c1c' },
  { id: 'us' as PartyId, name: { zh: '美方', en: 'US side' }, color: '#1d4ed8' },
];

const WORDS: Record<string, string[]> = {
  en: ['the', 'Parties', 'shall', 'cooperate', 'on', 'marine', 'science', 'fisheries', 'data', 'exchange', 'in', 'accordance', 'with', 'law', 'and', 'observation'],
  zh: ['双方', '应', '在', '海洋', '科学', '渔业', '数据', '交流', '方面', '开展', '合作', '依照', '法律', '观测', '并', '共同'],
};
const wordsOf = (lang: string): string[] => WORDS[lang] ?? WORDS.en!;

/**
 * Generates a large memo straight into storage, as the server would have
 * stored it: a seed update of `clauses` clauses (sections of 20) in every
 * language, then a realistic log of small edits — a few people, each with a
 * couple of client ids (browser sessions), typing runs of characters into one
 * clause at a cursor (consecutive characters, as an editor sends them) before
 * moving on, with some backspaces — written through the Storage
 * interface in batches, with a checkpoint every 500 updates (the newest
 * checkpoint plus the tail is what a cold load reads).
 */
export async function generateBigMemo(storage: Storage, options: BigMemoOptions): Promise<BigMemo> {
  const languages = (options.languages ?? ['zh', 'en']) as LanguageCode[];
  const checkpointEvery = options.checkpointEvery ?? 500;
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  let members = options.members;
  if (!members) {
    members = [];
    for (const party of PARTIES) {
      for (const role of ['drafter', 'signatory'] as const) {
        const id = newId() as UserId;
        await storage.createUser({ id, email: `${role}.${party.id}.${id}@bench.example`, name: `${role} ${party.id}`, passwordHash: '!', createdAt: Date.now() });
        members.push({ userId: id, partyId: party.id, role });
      }
    }
  }
  const writers = members.filter((m) => m.role === 'drafter' || m.role === 'signatory' || m.role === 'facilitator');
  if (writers.length === 0) throw new Error('generateBigMemo needs at least one member who may edit');

  // The seed: sections of 20 clauses, one sentence per clause and language.
  const sentence = (lang: string, n: number): string =>
    Array.from({ length: n }, () => pick(wordsOf(lang))).join(lang === 'zh' ? '' : ' ') + (lang === 'zh' ? '。' : '.');
  const sections: SectionSeed[] = [];
  for (let c = 0; c < options.clauses; c += 20) {
    const count = Math.min(20, options.clauses - c);
    sections.push({
      title: Object.fromEntries(languages.map((l) => [l, `${sentence(l, 3)}`])),
      clauses: Array.from({ length: count }, () => ({ text: Object.fromEntries(languages.map((l) => [l, sentence(l, 12)])) })),
    });
  }
  const seed: MemoSeed = { titleBlock: Object.fromEntries(languages.map((l) => [l, `Big memo ${options.clauses}\n${sentence(l, 4)}`])), sections };
  const doc = new Y.Doc({ gc: true });
  writeMemoSeed(doc, seed, languages);
  const memoId = newId() as MemoId;
  const createdAt = Date.now() - options.updates * 1000;
  const memo: MemoRecord = { id: memoId, title: `Big memo ${options.clauses}`, ownerId: members[0]!.userId, parties: PARTIES, languages, createdAt };
  await storage.createMemo(
    memo,
    members.map((m) => ({ ...m, memoId })),
    { update: Y.encodeStateAsUpdate(doc), userId: null, partyId: null, createdAt, clientIds: [doc.clientID] },
  );
  const clauseIds = readOutline(doc).filter((e) => e.t === 'clause').map((e) => e.id as ClauseId);

  // Sessions: every writer has two client ids.
  const sessions = writers.flatMap((w) => [0, 1].map(() => ({ member: w, clientId: Math.floor(random() * 2 ** 31) + 1 })));
  const captured: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => captured.push(u));

  let seq = 1;
  let checkpoints = 0;
  let batch: AppendEntry[] = [];
  const claimed = new Set<number>();
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const seqs = await storage.appendUpdates(memoId, batch);
    batch = [];
    seq = seqs[seqs.length - 1]!;
    if (seq % checkpointEvery === 0) {
      await storage.writeCheckpoint(memoId, seq, Y.encodeStateAsUpdate(doc));
      checkpoints += 1;
    }
  };

  let session = pick(sessions);
  let clause = pick(clauseIds);
  let lang = pick(languages);
  let run = 0;
  let cursor = 0;
  for (let i = 1; i < options.updates; i++) {
    doc.clientID = session.clientId;
    let text = (getClauseText(doc, clause, lang).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    if (run <= 0) {
      // Someone moves to another clause (often a neighbour), puts the cursor somewhere and types a run there.
      session = pick(sessions);
      doc.clientID = session.clientId;
      const at = clauseIds.indexOf(clause);
      clause = random() < 0.5 ? clauseIds[Math.max(0, Math.min(clauseIds.length - 1, at + Math.floor(random() * 5) - 2))]! : pick(clauseIds);
      lang = pick(languages);
      text = (getClauseText(doc, clause, lang).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      run = 5 + Math.floor(random() * 40);
      cursor = Math.floor(random() * (text.length + 1));
    }
    run -= 1;
    cursor = Math.min(cursor, text.length);
    if (random() < 0.12 && cursor > 0) {
      // Backspace.
      text.delete(cursor - 1, 1);
      cursor -= 1;
    } else {
      const word = pick(wordsOf(lang));
      const typed = random() < 0.7 ? word[0]! : lang === 'zh' ? word : ` ${word}`;
      text.insert(cursor, typed);
      cursor += typed.length;
    }
    const update = captured.pop()!;
    captured.length = 0;
    const fresh = claimed.has(session.clientId) ? [] : [session.clientId];
    fresh.forEach((c) => claimed.add(c));
    batch.push({ update, userId: session.member.userId, partyId: session.member.partyId, createdAt: createdAt + i * 1000, clientIds: fresh });
    if ((seq + batch.length) % checkpointEvery === 0 || batch.length >= 250) await flush();
  }
  await flush();
  const encodedBytes = Y.encodeStateAsUpdate(doc).byteLength;
  doc.destroy();
  return { memoId, clauseIds, languages, updates: seq, checkpoints, encodedBytes };
}
