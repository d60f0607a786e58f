import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { hasOpenBracket } from '@accord/shared/memo/agreement';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { getClauseText } from '@accord/shared/memo/ydocLayout';
import { MessageType, readNoticeBody, type NoticeMessage } from '@accord/shared/protocol/messages';
import type { ClauseHistory } from '@accord/shared/history/schema';
import { api } from './support/agreement';
import { loginAs, provider, startTestServer, waitFor, type TestServer } from './support/testServer';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const CLAUSE = 'future-1';
const OTHER = 'future-2';
const LANGS = ['zh', 'en'];

interface Client {
  doc: Y.Doc;
  p: WebsocketProvider;
  notices: NoticeMessage[];
}

async function client(ts: TestServer, role: string, party?: string): Promise<Client> {
  const doc = new Y.Doc();
  const p = provider(ts, ts.demoMemoId, await loginAs(ts, role, party), doc, { accord: '1' });
  const notices: NoticeMessage[] = [];
  p.messageHandlers[MessageType.notice] = (_e, decoder) => {
    notices.push(readNoticeBody(decoder));
  };
  cleanup.push(() => p.destroy());
  await waitFor(() => p.synced, 'synced');
  return { doc, p, notices };
}

const textOf = (doc: Y.Doc, clause = CLAUSE): Y.XmlText => (getClauseText(doc, clause, 'en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
const plain = (doc: Y.Doc, clause = CLAUSE): string => fragmentToPlainText(getClauseText(doc, clause, 'en'));
const bracketKeys = (doc: Y.Doc): string[] =>
  (textOf(doc).toDelta() as Array<{ attributes?: Record<string, unknown> }>).flatMap((op) => Object.keys(op.attributes ?? {}).filter((k) => k.startsWith('bracket')));

describe('brackets belong to the party that placed them', () => {
  async function setup() {
    const ts = await startTestServer();
    cleanup.push(() => ts.stop());
    const cn = await client(ts, 'drafter', 'cn');
    const us = await client(ts, 'drafter', 'us');
    const witness = await client(ts, 'observer');
    textOf(cn.doc).format(0, 4, { 'bracket--cn1': { party: 'cn', reason: 'scope too broad' } });
    await waitFor(() => bracketKeys(us.doc).length > 0 && bracketKeys(witness.doc).length > 0, 'bracket everywhere');
    expect(cn.notices).toEqual([]);
    expect(hasOpenBracket(witness.doc, CLAUSE, LANGS)).toBe(true);
    return { ts, cn, us, witness };
  }

  it('[SO4] a party brackets a span for itself; the clause is contested everywhere', async () => {
    const { witness } = await setup();
    expect(bracketKeys(witness.doc)).toContain('bracket--cn1');
  });

  it('[SO4] another party cannot strip the bracket; its other edits in the same change stand', async () => {
    const { us, witness } = await setup();
    us.doc.transact(() => {
      textOf(us.doc).format(0, 4, { 'bracket--cn1': null });
      textOf(us.doc, OTHER).insert(0, 'KEPT ');
    });
    await waitFor(() => us.notices.length > 0, 'notice');
    expect(us.notices[0]).toMatchObject({ code: 'forbidden', clauseId: CLAUSE });
    await waitFor(() => plain(witness.doc, OTHER).startsWith('KEPT ') && bracketKeys(us.doc).length > 0, 'other edit + bracket back');
    expect(hasOpenBracket(witness.doc, CLAUSE, LANGS)).toBe(true);
    expect(hasOpenBracket(us.doc, CLAUSE, LANGS)).toBe(true);
  });

  it('[SO4] another party cannot bracket in someone else’s name', async () => {
    const { us, witness } = await setup();
    textOf(us.doc).format(6, 3, { 'bracket--fake': { party: 'cn', reason: 'forged' } });
    await waitFor(() => us.notices.length > 0, 'notice');
    await waitFor(() => !bracketKeys(us.doc).includes('bracket--fake'), 'forged bracket undone');
    expect(bracketKeys(witness.doc)).not.toContain('bracket--fake');
  });

  it('[SO4] deleting the whole bracketed span of another party is undone; typing inside it is fine', async () => {
    const { us, witness } = await setup();
    const before = plain(witness.doc);
    textOf(us.doc).delete(0, 4);
    await waitFor(() => us.notices.length > 0, 'notice');
    await waitFor(() => plain(us.doc) === before, 'span back');
    textOf(us.doc).insert(2, 'in');
    await waitFor(() => plain(witness.doc).startsWith(before.slice(0, 2) + 'in'), 'typing inside lands');
    expect(us.notices.length).toBe(1);
    expect(hasOpenBracket(witness.doc, CLAUSE, LANGS)).toBe(true);
  });

  it('[SO4] the party that placed a bracket removes it', async () => {
    const { cn, witness } = await setup();
    textOf(cn.doc).format(0, 4, { 'bracket--cn1': null });
    await waitFor(() => !hasOpenBracket(witness.doc, CLAUSE, LANGS), 'bracket gone');
    expect(cn.notices).toEqual([]);
  });

  it('[HI1][SO4] placing and removing its own bracket are events of the clause history; an undone attempt on another party’s is not', async () => {
    const { ts, cn, us, witness } = await setup();
    // us tries to strip cn's bracket (undone), then brackets a word for itself and removes it again.
    textOf(us.doc).format(0, 4, { 'bracket--cn1': null });
    await waitFor(() => us.notices.length > 0, 'notice');
    textOf(us.doc).format(6, 3, { 'bracket--us1': { party: 'us', reason: 'needs capital review' } });
    await waitFor(() => bracketKeys(witness.doc).includes('bracket--us1'), 'us bracket everywhere');
    textOf(us.doc).format(6, 3, { 'bracket--us1': null });
    await waitFor(() => !bracketKeys(witness.doc).includes('bracket--us1'), 'us bracket gone');
    // Typing inside cn's bracket changes no bracket: no event.
    textOf(cn.doc).insert(2, 'x');
    await waitFor(() => plain(witness.doc).includes('x'), 'typing arrived');

    const cookie = await loginAs(ts, 'observer');
    const history = await api<ClauseHistory>(ts, `/api/memos/${ts.demoMemoId}/clauses/${CLAUSE}/history`, { cookie });
    expect(history.status).toBe(200);
    const events = history.body.events.map((e) => ({ type: e.type, partyId: e.partyId, reason: e.data.reason }));
    expect(events).toEqual([
      { type: 'bracket', partyId: 'cn', reason: 'scope too broad' },
      { type: 'bracket', partyId: 'us', reason: 'needs capital review' },
      { type: 'unbracket', partyId: 'us', reason: 'needs capital review' },
    ]);
    // The events are links of the memo's audit chain, which still verifies.
    const chain = await api<{ ok: boolean }>(ts, `/api/memos/${ts.demoMemoId}/audit/verify`, { cookie: await loginAs(ts, 'facilitator') });
    expect(chain.body.ok).toBe(true);
  });
});
