import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemoId, UserId } from '@accord/shared/ids';
import type { ClauseComparison, DiffSpan, RestoreResult, RevisionComparison, RevisionDetail, RevisionLabel, RevisionPage } from '@accord/shared/history/schema';
import { canonicalClause } from '@accord/shared/memo/canonical';
import { fragmentToPlainText, paragraphElement as seedParagraph, parseInline } from '@accord/shared/memo/richText';
import { clauseIdsOf, LEADING_GROUP_ID } from '@accord/shared/memo/structure';
import { getClauseText, getOutline, getTitle, readOutline, type OutlineEntry } from '@accord/shared/memo/ydocLayout';
import { indexedDigest } from '../src/history/checkpointIndex';
import { revisionDigest } from '../src/history/revisionDigest';
import { account, provider, startTestServer, waitFor, type TestServer } from './support/testServer';
import { allCookies, api, errorOf, lockClause, paragraphText, serverDoc, typeAtEnd, type Cookies } from './support/agreement';

/**
 * Revision history (HI1, HI2) against a real server, real SQLite and real
 * y-websocket clients. A scripted session records what a client saw after
 * each step and the stored seq at that moment; every check below compares
 * the server's history with those recordings.
 */
const LANGS = ['zh', 'en'] as const;

interface Recording {
  seq: number;
  outline: string;
  title: string;
  clauses: Map<string, string>;
  plain: Map<string, string>;
}

let ts: TestServer;
let memoId: MemoId;
let cookies: Cookies;
const recordings: Recording[] = [];
let docA: Y.Doc;
let docB: Y.Doc;
let closeClients: () => void;
let firstRev = 0;
let lastRev = 0;
let movedPair: string[] = [];

function snapshotOf(doc: Y.Doc, seq: number): Recording {
  const outline = readOutline(doc);
  const clauses = new Map<string, string>();
  const plain = new Map<string, string>();
  for (const id of clauseIdsOf(outline)) {
    clauses.set(id, canonicalClause(doc, id, LANGS));
    for (const l of LANGS) plain.set(`${id}:${l}`, fragmentToPlainText(getClauseText(doc, id, l)));
  }
  return { seq, outline: JSON.stringify(outline), title: fragmentToPlainText(getTitle(doc, 'zh')), clauses, plain };
}

const sameState = (a: Y.Doc, b: Y.Doc): boolean => {
  const x = snapshotOf(a, 0);
  const y = snapshotOf(b, 0);
  return x.outline === y.outline && JSON.stringify([...x.clauses]) === JSON.stringify([...y.clauses]);
};

/** Runs one step on a client, waits until the other client shows it (it is broadcast only after it is stored), records. */
async function step(doc: Y.Doc, change: () => void): Promise<void> {
  doc.transact(change);
  const other = doc === docA ? docB : docA;
  await waitFor(() => sameState(doc, other), 'the other client to see the step');
  await serverDoc(ts, memoId);
  recordings.push(snapshotOf(other, await ts.server.storage.lastSeq(memoId)));
}

function moveBefore(doc: Y.Doc, clauseId: string, beforeId: string): void {
  const outline = getOutline(doc);
  const entries = outline.toArray();
  const from = entries.findIndex((e) => e.t === 'clause' && e.id === clauseId);
  const entry = entries[from]!;
  outline.delete(from, 1);
  const to = outline.toArray().findIndex((e) => e.t === 'clause' && e.id === beforeId);
  outline.insert(to, [entry]);
}

beforeAll(async () => {
  // Checkpoints every 3 updates: rebuilds below cross several checkpoints and their tails.
  ts = await startTestServer({ config: { checkpointEvery: 3 } });
  memoId = ts.demoMemoId as MemoId;
  cookies = await allCookies(ts);
  for (const a of ts.accounts) userIds.set(a.email, (await ts.server.storage.findUserByEmail(a.email))!.id);
  docA = new Y.Doc();
  docB = new Y.Doc();
  const pa = provider(ts, memoId, cookies.drafterCn, docA);
  const pb = provider(ts, memoId, cookies.drafterUs, docB);
  closeClients = () => {
    pa.destroy();
    pb.destroy();
  };
  await waitFor(() => pa.synced && pb.synced && readOutline(docA).length > 0 && sameState(docA, docB), 'both clients synced');
  recordings.push(snapshotOf(docB, await ts.server.storage.lastSeq(memoId)));
  firstRev = recordings[0]!.seq;

  await step(docA, () => typeAtEnd(docA, 'preamble-1', 'zh', '（中方补充）'));
  await step(docB, () => typeAtEnd(docB, 'preamble-1', 'en', ' (US addition)'));
  await step(docB, () => paragraphText(docB, 'status-1', 'en').delete(0, 5));
  await step(docA, () => {
    const text = paragraphText(docA, 'status-2', 'en');
    const plain = (text.toDelta() as Array<{ insert: string }>).map((op) => op.insert).join('');
    text.format(plain.indexOf('Several'), 'Several'.length, { italic: {} });
  });
  await step(docB, () => moveBefore(docB, 'future-2', 'future-1'));
  movedPair = ['future-1', 'future-2'];
  await step(docA, () => {
    const outline = getOutline(docA);
    const at = outline.toArray().findIndex((e) => e.t === 'clause' && e.id === 'recommendations-3');
    outline.insert(at + 1, [{ t: 'clause', id: 'hist-new-1' } as OutlineEntry]);
    getClauseText(docA, 'hist-new-1', 'zh').insert(0, [seedParagraph(parseInline('中方新增条款'))]);
    getClauseText(docA, 'hist-new-1', 'en').insert(0, [seedParagraph(parseInline('New clause by CN'))]);
  });
  await step(docB, () => {
    const outline = getOutline(docB);
    outline.delete(outline.toArray().findIndex((e) => e.t === 'clause' && e.id === 'principles-observation-2'), 1);
  });
  await step(docA, () => typeAtEnd(docA, 'preamble-1', 'zh', '再补充'));
  lastRev = recordings[recordings.length - 1]!.seq;
}, 60_000);

afterAll(async () => {
  closeClients?.();
  await ts?.stop();
});

const spansOf = (c: ClauseComparison | undefined, lang: string): DiffSpan[] => c?.languages[lang] ?? [];
const changed = (spans: DiffSpan[], op: DiffSpan['op']): string => spans.filter((s) => s.op === op).map((s) => s.text).join('');
const userIds = new Map<string, UserId>();
const userOf = (role: string, party?: string): UserId => userIds.get(account(ts, role, party).email)!;

describe('[HI1] rebuilding revisions', () => {
  it('[HI1] every recorded point rebuilds to exactly the text the clients saw (checkpoint + tail)', async () => {
    expect(recordings.length).toBeGreaterThanOrEqual(9);
    for (const r of recordings) {
      const doc = await ts.server.history.rebuild(memoId, r.seq);
      expect(snapshotOf(doc, r.seq)).toEqual(r);
      doc.destroy();
    }
  });

  it('[HI1] the sync server indexes its checkpoints; a revision read through the index equals its full rebuild', async () => {
    const memo = (await ts.server.storage.getMemo(memoId))!;
    let indexed = 0;
    for (let rev = firstRev; rev <= lastRev; rev += 1) {
      // Every checkpoint (every 3 updates here) is written with its index.
      const checkpoint = await ts.server.storage.loadCheckpointAtOrBefore(memoId, rev);
      if (!checkpoint) continue;
      expect((await ts.server.storage.loadCheckpointIndexAtOrBefore(memoId, rev))?.seq, `revision ${rev}`).toBe(checkpoint.seq);
      const digest = await indexedDigest(ts.server.storage, memo, rev);
      if (!digest) continue; // the tail changed the outline: compare rebuilds this one in full
      indexed += 1;
      const doc = await ts.server.history.rebuild(memoId, rev);
      expect(digest, `revision ${rev}`).toEqual(revisionDigest(doc, rev, LANGS, null));
      doc.destroy();
    }
    expect(indexed).toBeGreaterThanOrEqual(4);
  });

  it('[HI1] GET …/revisions/:rev returns the structure and clause texts at that revision', async () => {
    for (const r of [recordings[0]!, recordings[3]!, recordings[recordings.length - 1]!]) {
      const res = await api<RevisionDetail>(ts, `/api/memos/${memoId}/revisions/${r.seq}`, { cookie: cookies.observer });
      expect(res.status).toBe(200);
      const clauses = res.body.sections.flatMap((s) => [...s.clauses, ...s.subsections.flatMap((x) => x.clauses)]);
      expect(clauses.map((c) => c.id)).toEqual([...r.clauses.keys()]);
      for (const c of clauses) {
        for (const l of LANGS) expect(c.text[l]!.map((p) => p.map((run) => run.text).join('')).join('\n')).toBe(r.plain.get(`${c.id}:${l}`));
      }
      // Section numbers as the live memo counts them (the client writes them per language: 一、 / I.).
      const expectNumbers = (sections: RevisionDetail['sections']): void => {
        let n = 0;
        for (const s of sections) {
          expect(s.number, s.id).toBe(s.id === LEADING_GROUP_ID || !s.numbered ? null : ++n);
          expectNumbers(s.subsections);
        }
      };
      expectNumbers(res.body.sections);
      expect(res.body.sections.some((s) => s.number === 1)).toBe(true);
    }
  });

  it('[HI1] unknown or out-of-range revisions are 404, malformed ones 400', async () => {
    expect((await api(ts, `/api/memos/${memoId}/revisions/${lastRev + 1000}`, { cookie: cookies.observer })).status).toBe(404);
    expect(errorOf(await api(ts, `/api/memos/${memoId}/revisions/0`, { cookie: cookies.observer })).code).toBe('not_found');
    expect((await api(ts, `/api/memos/${memoId}/revisions/abc`, { cookie: cookies.observer })).status).toBe(400);
    expect((await api(ts, `/api/memos/${memoId}/compare?from=1`, { cookie: cookies.observer })).status).toBe(400);
  });
});

describe('[HI1] revision list', () => {
  it('[HI1] lists revisions newest first with who, party, kind and the clauses changed; pages with `before`', async () => {
    const page = await api<RevisionPage>(ts, `/api/memos/${memoId}/revisions?limit=500`, { cookie: cookies.observer });
    expect(page.status).toBe(200);
    const revs = page.body.revisions;
    expect(page.body.latest).toBe(lastRev);
    expect(revs[0]!.rev).toBe(lastRev);
    expect(revs.map((r) => r.rev)).toEqual([...revs.map((r) => r.rev)].sort((a, b) => b - a));
    expect(revs[revs.length - 1]!.kind).toBe('created');
    // A step by another person than the next step's closes a revision; steps 2 and 3 (both by B) form one.
    for (const [i, r] of recordings.entries()) expect(revs.some((x) => x.rev === r.seq)).toBe(i !== 2);
    expect(revs.find((x) => x.rev === recordings[3]!.seq)!.clauses.sort()).toEqual(['preamble-1', 'status-1']);
    const bolding = revs.find((r) => r.rev === recordings[4]!.seq)!;
    expect(bolding).toMatchObject({ kind: 'edit', userId: userOf('drafter', 'cn'), partyId: 'cn', clauses: ['status-2'] });
    const move = revs.find((r) => r.rev === recordings[5]!.seq)!;
    expect(move).toMatchObject({ userId: userOf('drafter', 'us'), structure: true });

    const first = await api<RevisionPage>(ts, `/api/memos/${memoId}/revisions?limit=3`, { cookie: cookies.observer });
    expect(first.body.revisions.map((r) => r.rev)).toEqual(revs.slice(0, 3).map((r) => r.rev));
    const second = await api<RevisionPage>(ts, `/api/memos/${memoId}/revisions?limit=3&before=${first.body.nextBefore}`, { cookie: cookies.observer });
    expect(second.body.revisions.map((r) => r.rev)).toEqual(revs.slice(3, 6).map((r) => r.rev));
  });

  it('[HI1] consecutive edits by one person within minutes form one revision', async () => {
    const before = await ts.server.storage.lastSeq(memoId);
    for (const ch of ['x', 'y', 'z']) await step(docA, () => typeAtEnd(docA, 'principles-1', 'en', ch));
    const after = await ts.server.storage.lastSeq(memoId);
    const page = await api<RevisionPage>(ts, `/api/memos/${memoId}/revisions?limit=2`, { cookie: cookies.observer });
    // The newest revision also holds the earlier '再补充' step: the same person, minutes apart at most.
    expect(page.body.revisions[0]).toMatchObject({ rev: after, userId: userOf('drafter', 'cn') });
    expect(page.body.revisions[0]!.firstSeq).toBeLessThanOrEqual(before);
    expect(page.body.revisions[0]!.clauses).toEqual(expect.arrayContaining(['principles-1', 'preamble-1']));
  });

  it('[HI1] a person names the current state; observers cannot; the name is validated', async () => {
    const named = await api<RevisionLabel>(ts, `/api/memos/${memoId}/revisions`, { method: 'POST', cookie: cookies.facilitator, body: { name: 'Draft sent to capitals, 14 Feb' } });
    expect(named.status).toBe(201);
    expect(named.body.rev).toBe(await ts.server.storage.lastSeq(memoId));
    const page = await api<RevisionPage>(ts, `/api/memos/${memoId}/revisions?limit=1`, { cookie: cookies.observer });
    expect(page.body.revisions[0]).toMatchObject({ kind: 'manual', labels: [expect.objectContaining({ name: 'Draft sent to capitals, 14 Feb' })] });
    expect((await api(ts, `/api/memos/${memoId}/revisions`, { method: 'POST', cookie: cookies.observer, body: { name: 'x' } })).status).toBe(403);
    expect((await api(ts, `/api/memos/${memoId}/revisions`, { method: 'POST', cookie: cookies.facilitator, body: { name: '  ' } })).status).toBe(400);
    expect((await api(ts, `/api/memos/${memoId}/revisions`, { method: 'POST', cookie: cookies.facilitator, body: { name: 'x'.repeat(201) } })).status).toBe(400);
  });
});

describe('[HI1] compare', () => {
  let cmp: RevisionComparison;
  beforeAll(async () => {
    const res = await api<RevisionComparison>(ts, `/api/memos/${memoId}/compare?from=${firstRev}&to=${lastRev}`, { cookie: cookies.observer });
    expect(res.status).toBe(200);
    cmp = res.body;
  });
  const clause = (id: string): ClauseComparison | undefined => cmp.clauses.find((c) => c.id === id);

  it('[HI1] insertions per language version, attributed to the party that wrote them', () => {
    const p = clause('preamble-1')!;
    expect(p.change).toBe('changed');
    expect(changed(spansOf(p, 'zh'), 'insert')).toBe('（中方补充）再补充');
    expect(spansOf(p, 'zh').filter((s) => s.op === 'insert').every((s) => s.op === 'insert' && s.author.partyId === 'cn' && s.author.userId === userOf('drafter', 'cn'))).toBe(true);
    expect(changed(spansOf(p, 'en'), 'insert')).toBe(' (US addition)');
    expect(spansOf(p, 'en').find((s) => s.op === 'insert')).toMatchObject({ author: { partyId: 'us', userId: userOf('drafter', 'us') } });
    expect(changed(spansOf(p, 'en'), 'equal')).toBe(recordings[0]!.plain.get('preamble-1:en'));
  });

  it('[HI1] deletions show the deleted text, attributed to its writer (the server-seeded text: no party)', () => {
    const s = clause('status-1')!;
    expect(Object.keys(s.languages)).toEqual(['en']);
    expect(changed(spansOf(s, 'en'), 'delete')).toBe(recordings[0]!.plain.get('status-1:en')!.slice(0, 5));
    expect(spansOf(s, 'en').find((x) => x.op === 'delete')).toMatchObject({ author: { userId: null, partyId: null } });
  });

  it('[HI1] formatting changes are their own kind of span', () => {
    const spans = spansOf(clause('status-2'), 'en');
    const format = spans.find((x) => x.op === 'format');
    expect(format).toMatchObject({ op: 'format', text: 'Several', from: [], to: ['italic'] });
    expect(format).toMatchObject({ author: { userId: userOf('drafter', 'cn'), partyId: 'cn' } });
    expect(spans.some((x) => x.op === 'insert' || x.op === 'delete')).toBe(false);
  });

  it('[HI1] moved, added and deleted clauses; unchanged clauses carry no spans; the summary counts them', () => {
    const moved = cmp.clauses.filter((c) => c.moved).map((c) => c.id);
    expect(moved).toHaveLength(1);
    expect(movedPair).toContain(moved[0]);
    expect(clause('hist-new-1')).toMatchObject({ change: 'added', numberFrom: null });
    expect(changed(spansOf(clause('hist-new-1'), 'en'), 'insert')).toBe('New clause by CN');
    expect(spansOf(clause('hist-new-1'), 'en')[0]).toMatchObject({ author: { partyId: 'cn' } });
    expect(clause('principles-observation-2')).toMatchObject({ change: 'deleted', numberTo: null });
    expect(changed(spansOf(clause('principles-observation-2'), 'en'), 'delete')).toBe(recordings[0]!.plain.get('principles-observation-2:en'));
    const unchanged = cmp.clauses.filter((c) => c.change === 'unchanged' && !c.moved);
    expect(unchanged.length).toBeGreaterThan(5);
    for (const c of unchanged) expect(c.languages).toEqual({});
    expect(cmp.summary).toMatchObject({ changed: 6, added: 1, deleted: 1, moved: 1, newlyAgreed: 0, reopened: 0 });
  });

  it('[HI1] every attributed span names someone who wrote to that clause in the log between the two revisions', async () => {
    const rows = await ts.server.storage.listUpdateMeta(memoId, lastRev + 1, 10_000);
    const writers = new Map<string, Set<string | null>>();
    for (const r of rows) {
      if (r.seq <= firstRev) continue;
      for (const key of r.touched ?? []) {
        const set = writers.get(key) ?? new Set();
        set.add(r.userId);
        writers.set(key, set);
      }
    }
    let checked = 0;
    for (const c of cmp.clauses) {
      for (const [lang, spans] of Object.entries(c.languages)) {
        for (const s of spans) {
          if (s.op === 'equal' || s.op === 'delete') continue;
          expect(writers.get(`clause:${c.id}:${lang}`)?.has(s.author.userId)).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});

describe('[HI2] restore', () => {
  it('[HI2] restoring a clause is a new revision by the restorer; history stays intact', async () => {
    const before = await ts.server.storage.lastSeq(memoId);
    const res = await api<RestoreResult>(ts, `/api/memos/${memoId}/clauses/status-1/restore`, { method: 'POST', cookie: cookies.drafterUs, body: { revision: firstRev } });
    expect(res.status).toBe(200);
    expect(res.body.restored).toEqual(['status-1']);
    expect(res.body.revision).toBeGreaterThan(before);
    // Both clients converge to the restored text.
    await waitFor(() => fragmentToPlainText(getClauseText(docA, 'status-1', 'en')) === recordings[0]!.plain.get('status-1:en'), 'client A sees the restore');
    const live = await serverDoc(ts, memoId);
    expect(canonicalClause(live, 'status-1', LANGS)).toBe(recordings[0]!.clauses.get('status-1'));
    // Earlier revisions rebuild exactly as before (nothing rewritten).
    for (const r of recordings) {
      const doc = await ts.server.history.rebuild(memoId, r.seq);
      expect(snapshotOf(doc, r.seq)).toEqual(r);
      doc.destroy();
    }
    const page = await api<RevisionPage>(ts, `/api/memos/${memoId}/revisions?limit=1`, { cookie: cookies.observer });
    expect(page.body.revisions[0]).toMatchObject({ rev: res.body.revision, kind: 'restore', userId: userOf('drafter', 'us'), clauses: ['status-1'] });
    const cmp = await api<RevisionComparison>(ts, `/api/memos/${memoId}/compare?from=${before}&to=${res.body.revision}`, { cookie: cookies.observer });
    const spans = cmp.body.clauses.find((c) => c.id === 'status-1')!.languages.en!;
    expect(changed(spans, 'insert')).toBe(recordings[0]!.plain.get('status-1:en')!.slice(0, 5));
    expect(spans.find((s) => s.op === 'insert')).toMatchObject({ author: { userId: userOf('drafter', 'us'), partyId: 'us' } });
  });

  it('[HI2] [LK1] restoring a locked clause is refused with 423 and changes nothing; restore-all skips it', async () => {
    await lockClause(ts, memoId, 'preamble-1', cookies);
    const live = await serverDoc(ts, memoId);
    const lockedText = canonicalClause(live, 'preamble-1', LANGS);
    const seq = await ts.server.storage.lastSeq(memoId);
    const refused = await api(ts, `/api/memos/${memoId}/clauses/preamble-1/restore`, { method: 'POST', cookie: cookies.drafterCn, body: { revision: firstRev } });
    expect(refused.status).toBe(423);
    expect(errorOf(refused)).toMatchObject({ code: 'locked' });
    expect(errorOf(refused).message).toMatch(/locked/);
    expect(await ts.server.storage.lastSeq(memoId)).toBe(seq);

    const all = await api<RestoreResult>(ts, `/api/memos/${memoId}/restore`, { method: 'POST', cookie: cookies.drafterCn, body: { revision: firstRev } });
    expect(all.status).toBe(200);
    expect(all.body.skippedLocked).toEqual(['preamble-1']);
    expect(all.body.restored).toEqual(expect.arrayContaining(['status-2']));
    const after = await serverDoc(ts, memoId);
    expect(canonicalClause(after, 'preamble-1', LANGS)).toBe(lockedText);
    expect(canonicalClause(after, 'status-2', LANGS)).toBe(recordings[0]!.clauses.get('status-2'));
    // The lock became a named revision of its own kind.
    const page = await api<RevisionPage>(ts, `/api/memos/${memoId}/revisions?limit=20`, { cookie: cookies.observer });
    expect(page.body.revisions.some((r) => r.kind === 'lock' && (r.agreementClauses as string[]).includes('preamble-1'))).toBe(true);
    // The first party's sign-off before it is a named revision too.
    expect(page.body.revisions.some((r) => r.kind === 'signoff' && (r.agreementClauses as string[]).includes('preamble-1'))).toBe(true);
  });

  it('[HI2] [SE1] observers cannot restore; bad bodies are 400; unknown clauses 404', async () => {
    const path = `/api/memos/${memoId}/clauses/status-3/restore`;
    expect((await api(ts, path, { method: 'POST', cookie: cookies.observer, body: { revision: firstRev } })).status).toBe(403);
    expect((await api(ts, path, { method: 'POST', cookie: cookies.drafterCn, body: { revision: 'one' } })).status).toBe(400);
    expect((await api(ts, path, { method: 'POST', cookie: cookies.drafterCn, body: {} })).status).toBe(400);
    expect((await api(ts, `/api/memos/${memoId}/clauses/nope-1/restore`, { method: 'POST', cookie: cookies.drafterCn, body: { revision: firstRev } })).status).toBe(404);
    expect((await api(ts, `/api/memos/${memoId}/clauses/hist-new-1/restore`, { method: 'POST', cookie: cookies.drafterCn, body: { revision: firstRev } })).status).toBe(404);
  });

  it('[HI1] a clause history lists its text revisions and status events', async () => {
    const res = await api<{ revisions: Array<{ rev: number; kind: string }>; events: Array<{ type: string }> }>(ts, `/api/memos/${memoId}/clauses/preamble-1/history`, { cookie: cookies.observer });
    expect(res.status).toBe(200);
    expect(res.body.events.map((e) => e.type)).toEqual(['signoff', 'signoff', 'lock']);
    expect(res.body.revisions.some((r) => r.kind === 'lock')).toBe(true);
    expect(res.body.revisions.some((r) => r.rev === recordings[1]!.seq)).toBe(true);
  });
});
