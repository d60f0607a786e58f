import { afterEach, describe, expect, it } from 'vitest';
import type { MemoId } from '@accord/shared/ids';
import { deriveStatus, hasOpenBracket, readAgreement, getAgreementMap, type ClauseAgreement } from '@accord/shared/memo/agreement';
import type { ClauseView } from '@accord/shared/memo/schema';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { account, startTestServer, waitFor, type TestServer } from './support/testServer';
import {
  LANGS,
  allCookies,
  api,
  clauseFromDetail,
  clauseText,
  errorOf,
  hashOf,
  honestClient,
  lockClause,
  paragraphText,
  serverDoc,
  signOff,
  typeAtEnd,
  type Cookies,
  type Honest,
} from './support/agreement';
import type { SqliteStorage } from '../src/storage/SqliteStorage';

/**
 * Sign-off, contest, lock, reopen and audit through the HTTP API (SO1–SO5,
 * LK4, AU1, CL2) against a real server and the demo memo.
 */

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

interface Setup {
  ts: TestServer;
  memoId: string;
  cookies: Cookies;
}

async function setup(): Promise<Setup> {
  const ts = await startTestServer();
  cleanup.push(() => ts.stop());
  return { ts, memoId: ts.demoMemoId, cookies: await allCookies(ts) };
}

async function editor(s: Setup, cookie = s.cookies.drafterUs): Promise<Honest> {
  const h = honestClient(s.ts, s.memoId, cookie);
  cleanup.push(() => h.p.destroy());
  await waitFor(() => h.p.synced, 'editor synced');
  return h;
}

const view = (s: Setup, clauseId: string): Promise<ClauseView> => clauseFromDetail(s.ts, s.memoId, s.cookies.observer, clauseId);
const clausePath = (s: Setup, clauseId: string, rest = ''): string => `/api/memos/${s.memoId}/clauses/${clauseId}${rest}`;

/** Waits until the server's hash of the clause equals the editor's (its edit is stored). */
async function serverHas(s: Setup, h: Honest, clauseId: string): Promise<string> {
  const expected = hashOf(h.doc, clauseId);
  await waitFor(async () => (await view(s, clauseId)).hash === expected, `server to hold the edit of ${clauseId}`);
  return expected;
}

const partyOf = (v: ClauseView, party: string) => v.signoffs.find((x) => x.partyId === party);

describe('sign-off (SO1–SO5)', () => {
  it('[SO1] drafters, the observer and the facilitator cannot sign or withdraw; each signatory signs only for its own party', async () => {
    const s = await setup();
    const clause = 'status-1';
    const { hash } = await view(s, clause);
    for (const cookie of [s.cookies.drafterCn, s.cookies.drafterUs, s.cookies.observer, s.cookies.facilitator]) {
      const r = await signOff(s.ts, s.memoId, clause, cookie, hash);
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe(ErrorCode.forbidden);
    }
    expect((await view(s, clause)).signoffs).toEqual([]);

    const us = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, hash);
    expect(us.status).toBe(200);
    expect(us.body.signoffs.map((x) => x.partyId)).toEqual(['us']);
    expect(partyOf(us.body, 'us')).toMatchObject({ name: account(s.ts, 'signatory', 'us').name, hash, stale: false });
    expect(us.body.status).toBe('signed_by_some');
    expect(us.body.locked).toBe(false);

    // Nobody else can withdraw the US sign-off; the CN signatory has nothing of its own to withdraw.
    for (const cookie of [s.cookies.drafterUs, s.cookies.drafterCn, s.cookies.observer, s.cookies.facilitator]) {
      const r = await api(s.ts, clausePath(s, clause, '/signoffs'), { method: 'DELETE', cookie });
      expect(r.status).toBe(403);
    }
    const cnWithdraw = await api(s.ts, clausePath(s, clause, '/signoffs'), { method: 'DELETE', cookie: s.cookies.signatoryCn });
    expect(cnWithdraw.status).toBe(404);
    expect((await view(s, clause)).signoffs.map((x) => x.partyId)).toEqual(['us']);

    const cn = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash);
    expect(cn.status).toBe(200);
    expect(cn.body.signoffs.map((x) => x.partyId).sort()).toEqual(['cn', 'us']);
    expect(partyOf(cn.body, 'cn')?.name).toBe(account(s.ts, 'signatory', 'cn').name);
  });

  it('[SO2] a made-up or stale hash is refused with 409 text_changed and the current hash', async () => {
    const s = await setup();
    const clause = 'principles-1';
    const before = await view(s, clause);
    const madeUp = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, 'f'.repeat(64));
    expect(madeUp.status).toBe(409);
    expect(errorOf(madeUp).code).toBe(ErrorCode.textChanged);
    expect((errorOf(madeUp).details as { currentHash: string }).currentHash).toBe(before.hash);

    const e = await editor(s);
    typeAtEnd(e.doc, clause, 'en', ' Amended.');
    const current = await serverHas(s, e, clause);
    const stale = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, before.hash);
    expect(stale.status).toBe(409);
    expect(errorOf(stale).code).toBe(ErrorCode.textChanged);
    expect((errorOf(stale).details as { currentHash: string }).currentHash).toBe(current);
    expect((await view(s, clause)).signoffs).toEqual([]);

    const malformed = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, 'not-a-hash');
    expect(malformed.status).toBe(400);
    const unknownClause = await signOff(s.ts, s.memoId, 'no-such-clause', s.cookies.signatoryCn, current);
    expect(unknownClause.status).toBe(404);

    const ok = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, current);
    expect(ok.status).toBe(200);
    expect(partyOf(ok.body, 'cn')?.hash).toBe(current);
  });

  it('[SO3] an edit in any language (or a mark change) makes an earlier sign-off stale; signing the new hash by the other party does not lock', async () => {
    const s = await setup();
    const clause = 'recommendations-1';
    const e = await editor(s);
    const edits: Array<[string, () => void]> = [
      ['zh', () => typeAtEnd(e.doc, clause, 'zh', '（修改）')],
      ['en', () => typeAtEnd(e.doc, clause, 'en', ' (amended)')],
      ['bold', () => paragraphText(e.doc, clause, 'en').format(0, 4, { bold: {} })],
    ];
    for (const [what, edit] of edits) {
      const { hash } = await view(s, clause);
      const signed = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash);
      expect(signed.status, what).toBe(200);
      expect(signed.body.status, what).toBe('signed_by_some');
      edit();
      const newHash = await serverHas(s, e, clause);
      expect(newHash, what).not.toBe(hash);
      const after = await view(s, clause);
      expect(partyOf(after, 'cn'), what).toMatchObject({ hash, stale: true });
      expect(after.status, what).toBe('draft');

      const us = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, newHash);
      expect(us.status, what).toBe(200);
      expect(us.body.locked, what).toBe(false);
      expect(us.body.status, what).toBe('signed_by_some');
      expect(partyOf(us.body, 'cn')?.stale, what).toBe(true);
      expect(partyOf(us.body, 'us'), what).toMatchObject({ hash: newHash, stale: false });
      // Withdraw the US sign-off so the next round starts from one party again.
      expect((await api(s.ts, clausePath(s, clause, '/signoffs'), { method: 'DELETE', cookie: s.cookies.signatoryUs })).status).toBe(200);
    }
    // The editor can still change it: it never locked.
    typeAtEnd(e.doc, clause, 'en', ' still open');
    await serverHas(s, e, clause);
    expect(e.notices).toEqual([]);
  });

  it('[SO4][CL2] a contest flag blocks locking; lifting it lets the clause lock; only a party member contests, only for its own party', async () => {
    const s = await setup();
    const clause = 'future-1';
    for (const cookie of [s.cookies.observer, s.cookies.facilitator]) {
      const r = await api(s.ts, clausePath(s, clause, '/contest'), { method: 'POST', cookie, body: { reason: 'no' } });
      expect(r.status).toBe(403);
    }
    const empty = await api(s.ts, clausePath(s, clause, '/contest'), { method: 'POST', cookie: s.cookies.drafterCn, body: { reason: '  ' } });
    expect(empty.status).toBe(400);

    const contested = await api<ClauseView>(s.ts, clausePath(s, clause, '/contest'), {
      method: 'POST',
      cookie: s.cookies.drafterCn,
      body: { reason: 'The date of the fourth round is not agreed.' },
    });
    expect(contested.status).toBe(200);
    expect(contested.body.status).toBe('contested');
    expect(contested.body.contests).toMatchObject([{ partyId: 'cn', reason: 'The date of the fourth round is not agreed.' }]);

    const { hash } = await view(s, clause);
    expect((await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash)).status).toBe(200);
    const second = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, hash);
    expect(second.status).toBe(200);
    expect(second.body.locked).toBe(false);
    expect(second.body.status).toBe('contested');

    // The other party cannot lift CN's flag.
    const foreign = await api(s.ts, clausePath(s, clause, '/contest'), { method: 'DELETE', cookie: s.cookies.drafterUs });
    expect(foreign.status).toBe(404);
    expect((await view(s, clause)).status).toBe('contested');

    const lifted = await api<ClauseView>(s.ts, clausePath(s, clause, '/contest'), { method: 'DELETE', cookie: s.cookies.signatoryCn });
    expect(lifted.status).toBe(200);
    expect(lifted.body.contests).toEqual([]);
    // Both parties already hold valid sign-offs on the current text: lifting the last obstacle locks it (SO5).
    expect(lifted.body.locked).toBe(true);
    expect(lifted.body.status).toBe('agreed');
    expect((await s.ts.server.storage.listNamedRevisions(s.memoId as never)).some((r) => r.kind === 'lock')).toBe(true);
    // A contest flag on a locked clause is refused.
    const late = await api(s.ts, clausePath(s, clause, '/contest'), { method: 'POST', cookie: s.cookies.drafterUs, body: { reason: 'late' } });
    expect(late.status).toBe(423);
  });

  it('[SO4] a bracket mark blocks locking; once the bracket is removed both signatures lock it', async () => {
    const s = await setup();
    const clause = 'future-2';
    const e = await editor(s);
    paragraphText(e.doc, clause, 'zh').format(2, 6, { 'bracket--9f1c': { party: 'us', reason: '措辞待定' } });
    const bracketed = await serverHas(s, e, clause);
    expect((await view(s, clause)).status).toBe('contested');
    expect((await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, bracketed)).status).toBe(200);
    const blocked = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, bracketed);
    expect(blocked.status).toBe(200);
    expect(blocked.body.locked).toBe(false);
    expect(blocked.body.status).toBe('contested');

    paragraphText(e.doc, clause, 'zh').format(0, paragraphText(e.doc, clause, 'zh').length, { 'bracket--9f1c': null });
    const clean = await serverHas(s, e, clause);
    expect(clean).not.toBe(bracketed);
    expect((await view(s, clause)).status).toBe('draft');
    expect((await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, clean)).status).toBe(200);
    const locked = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, clean);
    expect(locked.body.locked).toBe(true);
    expect(locked.body.status).toBe('agreed');
  });

  it('[SO5][AU1] the last signature locks in the same step: the response says locked, a named revision and signoff + lock audit entries exist, clients never see "all signed but unlocked"', async () => {
    const s = await setup();
    const clause = 'status-3';
    const witness = await editor(s, s.cookies.observer);
    const seen: ClauseAgreement[] = [];
    getAgreementMap(witness.doc).observe(() => seen.push(readAgreement(witness.doc, clause)));
    const revisionsBefore = await s.ts.server.storage.listNamedRevisions(s.memoId as MemoId);

    const { hash } = await view(s, clause);
    const first = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash);
    expect(first.body).toMatchObject({ locked: false, status: 'signed_by_some' });
    const last = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, hash);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ locked: true, status: 'agreed', hash });
    expect(last.body.signoffs.map((x) => [x.partyId, x.hash, x.stale]).sort()).toEqual([
      ['cn', hash, false],
      ['us', hash, false],
    ]);
    // Same step: the server's document holds the lock right away and no replica ever saw both signatures without it.
    expect(readAgreement(await serverDoc(s.ts, s.memoId), clause).locked?.hash).toBe(hash);
    await waitFor(() => readAgreement(witness.doc, clause).locked !== null, 'witness sees the lock');
    for (const a of seen) {
      const bothSigned = a.signoffs.cn?.hash === hash && a.signoffs.us?.hash === hash;
      expect(bothSigned && a.locked === null).toBe(false);
    }

    const revisions = await s.ts.server.storage.listNamedRevisions(s.memoId as MemoId);
    // Two named revisions: the first party's sign-off, then the lock made by the last one.
    expect(revisions.length).toBe(revisionsBefore.length + 2);
    expect(revisions[revisions.length - 2]!.kind).toBe('signoff');
    const revision = revisions[revisions.length - 1]!;
    expect(revision.kind).toBe('lock');
    expect(revision.name).toContain(clause);
    expect(revision.userId).toBeTruthy();

    const audit = (await s.ts.server.storage.listAudit(s.memoId as MemoId)).filter((x) => x.clauseId === clause);
    expect(audit.map((x) => [x.type, x.partyId])).toEqual([
      ['signoff', 'cn'],
      ['signoff', 'us'],
      ['lock', 'us'],
    ]);
    expect(audit[2]!.data).toMatchObject({ hash });
    expect(audit[0]!.data).toMatchObject({ hash });

    // Signing again, by either party, is refused: it is locked.
    const again = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash);
    expect(again.status).toBe(423);
    expect(errorOf(again).code).toBe(ErrorCode.locked);
  });

  it('[SO1] withdrawing a sign-off works before the lock and is refused with 423 after it', async () => {
    const s = await setup();
    const clause = 'preamble-1';
    const { hash } = await view(s, clause);
    expect((await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash)).status).toBe(200);
    const withdrawn = await api<ClauseView>(s.ts, clausePath(s, clause, '/signoffs'), { method: 'DELETE', cookie: s.cookies.signatoryCn });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.signoffs).toEqual([]);
    expect(withdrawn.body.status).toBe('draft');
    const twice = await api(s.ts, clausePath(s, clause, '/signoffs'), { method: 'DELETE', cookie: s.cookies.signatoryCn });
    expect(twice.status).toBe(404);
    // A withdrawn signature does not count: the US signature alone does not lock.
    const us = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, hash);
    expect(us.body.locked).toBe(false);
    const audit = (await s.ts.server.storage.listAudit(s.memoId as MemoId)).filter((x) => x.clauseId === clause).map((x) => x.type);
    expect(audit).toEqual(['signoff', 'withdraw', 'signoff']);

    const cn = await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash);
    expect(cn.body.locked).toBe(true);
    for (const cookie of [s.cookies.signatoryCn, s.cookies.signatoryUs]) {
      const refused = await api(s.ts, clausePath(s, clause, '/signoffs'), { method: 'DELETE', cookie });
      expect(refused.status).toBe(423);
      expect(errorOf(refused).code).toBe(ErrorCode.locked);
    }
    const after = await view(s, clause);
    expect(after.locked).toBe(true);
    expect(after.signoffs.length).toBe(2);
  });
});

describe('reopening (LK4)', () => {
  it('[LK4] reopening needs a request by one party and the consent of the other; it clears sign-offs, is logged, creates a named revision, and edits are accepted again', async () => {
    const s = await setup();
    const clause = 'future-1'; // plain text: a bold-led clause would hit the multi-run restore bug pinned in locks.test.ts
    const lockedHash = await lockClause(s.ts, s.memoId, clause, s.cookies);
    const e = await editor(s, s.cookies.drafterCn);

    // A locked clause refuses edits before reopening.
    typeAtEnd(e.doc, clause, 'en', ' too early');
    await waitFor(() => e.notices.some((n) => n.code === ErrorCode.locked && n.clauseId === clause), 'locked notice');
    await waitFor(() => hashOf(e.doc, clause) === lockedHash, 'editor converges back');
    e.notices.length = 0;

    const notLocked = await api(s.ts, clausePath(s, 'principles-fisheries-3', '/reopen-requests'), { method: 'POST', cookie: s.cookies.signatoryCn, body: { reason: 'x' } });
    expect(notLocked.status).toBe(409);
    for (const cookie of [s.cookies.drafterCn, s.cookies.observer, s.cookies.facilitator]) {
      const r = await api(s.ts, clausePath(s, clause, '/reopen-requests'), { method: 'POST', cookie, body: { reason: 'x' } });
      expect(r.status).toBe(403);
    }

    const requested = await api<ClauseView>(s.ts, clausePath(s, clause, '/reopen-requests'), {
      method: 'POST',
      cookie: s.cookies.signatoryCn,
      body: { reason: 'The data-sharing standard has changed.' },
    });
    expect(requested.status).toBe(201);
    expect(requested.body.locked).toBe(true);
    expect(requested.body.reopen).toMatchObject({ partyId: 'cn', reason: 'The data-sharing standard has changed.', consents: [] });
    const rid = requested.body.reopen!.id;
    const duplicate = await api(s.ts, clausePath(s, clause, '/reopen-requests'), { method: 'POST', cookie: s.cookies.signatoryUs, body: { reason: 'me too' } });
    expect(duplicate.status).toBe(409);

    const consent = (cookie: string, id = rid) => api<ClauseView>(s.ts, clausePath(s, clause, `/reopen-requests/${id}/consent`), { method: 'POST', cookie });
    const own = await consent(s.cookies.signatoryCn);
    expect(own.status).toBe(409);
    for (const cookie of [s.cookies.drafterUs, s.cookies.drafterCn, s.cookies.observer, s.cookies.facilitator]) {
      expect((await consent(cookie)).status).toBe(403);
    }
    expect((await consent(s.cookies.signatoryUs, 'no-such-request')).status).toBe(404);
    const stillLocked = await view(s, clause);
    expect(stillLocked.locked).toBe(true);
    expect(stillLocked.status).toBe('agreed');

    const revisionsBefore = (await s.ts.server.storage.listNamedRevisions(s.memoId as MemoId)).length;
    const reopened = await consent(s.cookies.signatoryUs);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ locked: false, signoffs: [], reopen: null, status: 'draft', hash: lockedHash });

    const revisions = await s.ts.server.storage.listNamedRevisions(s.memoId as MemoId);
    expect(revisions.length).toBe(revisionsBefore + 1);
    expect(revisions[revisions.length - 1]).toMatchObject({ kind: 'reopen' });
    expect(revisions[revisions.length - 1]!.name).toMatch(/reopened/);
    const audit = (await s.ts.server.storage.listAudit(s.memoId as MemoId)).filter((x) => x.clauseId === clause);
    expect(audit.map((x) => x.type)).toEqual(['signoff', 'signoff', 'lock', 'reopen-request', 'reopen-consent', 'reopen']);
    expect(audit[5]!.data).toMatchObject({ requestId: rid, previousHash: lockedHash });

    // After reopening, a client edit is accepted.
    await waitFor(() => readAgreement(e.doc, clause).locked === null, 'editor sees the clause reopened');
    typeAtEnd(e.doc, clause, 'en', ' Revised after reopening.');
    const revised = await serverHas(s, e, clause);
    expect(revised).not.toBe(lockedHash);
    expect(clauseText(await serverDoc(s.ts, s.memoId), clause, 'en')).toContain(' Revised after reopening.');
    expect(e.notices).toEqual([]);
  });
});

describe('audit log (AU1)', () => {
  it('[AU1] entries form a hash chain; the owner verifies it; altering or removing an entry is detected; non-owners cannot verify', async () => {
    const s = await setup();
    await lockClause(s.ts, s.memoId, 'status-1', s.cookies);
    await api(s.ts, clausePath(s, 'status-2', '/contest'), { method: 'POST', cookie: s.cookies.drafterUs, body: { reason: 'r' } });
    await api(s.ts, clausePath(s, 'status-2', '/contest'), { method: 'DELETE', cookie: s.cookies.drafterUs });

    const listed = await api<{ entries: Array<{ seq: number; type: string; prevHash: string; hash: string; clauseId: string | null }> }>(
      s.ts,
      `/api/memos/${s.memoId}/audit`,
      { cookie: s.cookies.observer },
    );
    expect(listed.status).toBe(200);
    const entries = listed.body.entries;
    expect(entries.map((x) => x.type)).toEqual(['signoff', 'signoff', 'lock', 'contest', 'uncontest']);
    expect(entries.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prevHash).toBe('0'.repeat(64));
    entries.forEach((x, i) => {
      expect(x.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(x.prevHash).toBe(entries[i - 1]!.hash);
    });

    const verify = (cookie: string) => api<{ ok: boolean; entries: number; brokenAt?: number }>(s.ts, `/api/memos/${s.memoId}/audit/verify`, { cookie });
    expect((await verify(s.cookies.facilitator)).body).toEqual({ ok: true, entries: 5 });
    for (const cookie of [s.cookies.signatoryCn, s.cookies.signatoryUs, s.cookies.drafterCn, s.cookies.observer]) {
      const r = await verify(cookie);
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe(ErrorCode.forbidden);
    }

    const storage = s.ts.server.storage as SqliteStorage;
    storage.rawExec('UPDATE audit SET data = ? WHERE memo_id = ? AND seq = ?', '{"hash":"x"}', s.memoId, 2);
    const altered = await verify(s.cookies.facilitator);
    expect(altered.status).toBe(200);
    expect(altered.body).toMatchObject({ ok: false, brokenAt: 2 });

    storage.rawExec('DELETE FROM audit WHERE memo_id = ? AND seq = ?', s.memoId, 1);
    const removed = await verify(s.cookies.facilitator);
    expect(removed.body).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('[AU1] removing the last entry or rewriting one entry together with its own hash is detected by the next link', async () => {
    const s = await setup();
    await lockClause(s.ts, s.memoId, 'status-1', s.cookies);
    const storage = s.ts.server.storage as SqliteStorage;
    const verify = async () => (await api<{ ok: boolean; brokenAt?: number }>(s.ts, `/api/memos/${s.memoId}/audit/verify`, { cookie: s.cookies.facilitator })).body;
    expect(await verify()).toMatchObject({ ok: true });
    // Recomputing entry 1's own hash does not help: entry 2 still links to the old one.
    const { auditHash } = await import('../src/audit/auditHash');
    const [first] = await storage.listAudit(s.memoId as MemoId);
    const forged = { ...first!, data: { hash: '0'.repeat(64) } };
    storage.rawExec('UPDATE audit SET data = ?, hash = ? WHERE memo_id = ? AND seq = 1', JSON.stringify(forged.data), auditHash(s.memoId, 1, forged.prevHash, forged), s.memoId);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });
});

describe('clause status (CL2)', () => {
  it('[CL2] GET /api/memos/:id reports draft → contested → signed_by_some → agreed, and a client derives the same status from its replica', async () => {
    const s = await setup();
    const clause = 'recommendations-3';
    const replica = await editor(s, s.cookies.observer);
    const derived = (): string =>
      deriveStatus(readAgreement(replica.doc, clause), hashOf(replica.doc, clause), hasOpenBracket(replica.doc, clause, LANGS));
    const expectStatus = async (status: ClauseView['status']): Promise<void> => {
      expect((await view(s, clause)).status).toBe(status);
      await waitFor(() => derived() === status, `replica derives ${status}`);
    };

    await expectStatus('draft');
    await api(s.ts, clausePath(s, clause, '/contest'), { method: 'POST', cookie: s.cookies.signatoryUs, body: { reason: 'not yet' } });
    await expectStatus('contested');
    await api(s.ts, clausePath(s, clause, '/contest'), { method: 'DELETE', cookie: s.cookies.signatoryUs });
    await expectStatus('draft');
    const { hash } = await view(s, clause);
    await signOff(s.ts, s.memoId, clause, s.cookies.signatoryCn, hash);
    await expectStatus('signed_by_some');
    await signOff(s.ts, s.memoId, clause, s.cookies.signatoryUs, hash);
    await expectStatus('agreed');
    expect((await view(s, clause)).locked).toBe(true);
  });
});
