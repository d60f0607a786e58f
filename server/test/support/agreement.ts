import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type { MemoId } from '@accord/shared/ids';
import { readAgreement } from '@accord/shared/memo/agreement';
import { canonicalClause } from '@accord/shared/memo/canonical';
import { clauseHash } from '@accord/shared/memo/hash';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import type { ClauseView, MemoDetail, SectionView } from '@accord/shared/memo/schema';
import { buildStructure } from '@accord/shared/memo/structure';
import { getClauseText, readOutline, type OutlineEntry } from '@accord/shared/memo/ydocLayout';
import { isErrorBody, type ErrorBody } from '@accord/shared/protocol/errors';
import { MessageType, SyncStep, readNoticeBody, type NoticeMessage } from '@accord/shared/protocol/messages';
import { acksIn, applySyncFrames, noticesIn, step1Frame } from './yjsFrames';
import { loginAs, provider, rawClient, waitFor, type RawClient, type TestServer } from './testServer';

/** Helpers shared by the lock, lock-workload and sign-off suites. */

export const LANGS = ['zh', 'en'] as const;

/** Session cookies of every demo role. */
export interface Cookies {
  signatoryCn: string;
  signatoryUs: string;
  drafterCn: string;
  drafterUs: string;
  facilitator: string;
  observer: string;
}

export async function allCookies(ts: TestServer): Promise<Cookies> {
  const [signatoryCn, signatoryUs, drafterCn, drafterUs, facilitator, observer] = await Promise.all([
    loginAs(ts, 'signatory', 'cn'),
    loginAs(ts, 'signatory', 'us'),
    loginAs(ts, 'drafter', 'cn'),
    loginAs(ts, 'drafter', 'us'),
    loginAs(ts, 'facilitator'),
    loginAs(ts, 'observer'),
  ]);
  return { signatoryCn, signatoryUs, drafterCn, drafterUs, facilitator, observer };
}

export interface ApiResult<T> {
  status: number;
  body: T;
}

/** One JSON call to the HTTP API. */
export async function api<T = unknown>(
  ts: TestServer,
  path: string,
  options: { method?: 'GET' | 'POST' | 'DELETE'; cookie: string; body?: unknown },
): Promise<ApiResult<T>> {
  const res = await fetch(`${ts.url}${path}`, {
    method: options.method ?? 'GET',
    headers: { cookie: options.cookie, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export function errorOf(result: ApiResult<unknown>): ErrorBody['error'] {
  if (!isErrorBody(result.body)) throw new Error(`expected an error body, got ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.error;
}

export async function memoDetail(ts: TestServer, memoId: string, cookie: string): Promise<MemoDetail> {
  const r = await api<MemoDetail>(ts, `/api/memos/${memoId}`, { cookie });
  if (r.status !== 200) throw new Error(`GET memo: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

function allClauses(sections: SectionView[]): ClauseView[] {
  return sections.flatMap((s) => [...s.clauses, ...allClauses(s.subsections)]);
}

/** The clause as GET /api/memos/:id reports it (throws if absent). */
export async function clauseFromDetail(ts: TestServer, memoId: string, cookie: string, clauseId: string): Promise<ClauseView> {
  const found = allClauses((await memoDetail(ts, memoId, cookie)).sections).find((c) => c.id === clauseId);
  if (!found) throw new Error(`clause ${clauseId} is not in the memo detail`);
  return found;
}

/** The section (id) each clause belongs to, from GET /api/memos/:id. */
export function sectionOfClauses(detail: MemoDetail): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (s: SectionView): void => {
    for (const c of s.clauses) out.set(c.id, s.id);
    s.subsections.forEach(visit);
  };
  detail.sections.forEach(visit);
  return out;
}

export const signOff = (ts: TestServer, memoId: string, clauseId: string, cookie: string, hash: string): Promise<ApiResult<ClauseView>> =>
  api<ClauseView>(ts, `/api/memos/${memoId}/clauses/${clauseId}/signoffs`, { method: 'POST', cookie, body: { hash } });

/** Both signatories sign the clause's current hash; returns the locked hash. */
export async function lockClause(ts: TestServer, memoId: string, clauseId: string, cookies: Cookies): Promise<string> {
  const { hash } = await clauseFromDetail(ts, memoId, cookies.facilitator, clauseId);
  const first = await signOff(ts, memoId, clauseId, cookies.signatoryCn, hash);
  if (first.status !== 200) throw new Error(`cn sign-off of ${clauseId}: ${first.status} ${JSON.stringify(first.body)}`);
  const second = await signOff(ts, memoId, clauseId, cookies.signatoryUs, hash);
  if (second.status !== 200 || !second.body.locked || second.body.status !== 'agreed') {
    throw new Error(`us sign-off of ${clauseId} did not lock: ${second.status} ${JSON.stringify(second.body)}`);
  }
  return hash;
}

// ---------------------------------------------------------------- documents

export const clauseText = (doc: Y.Doc, clauseId: string, lang: string): string => fragmentToPlainText(getClauseText(doc, clauseId, lang));
export const canonical = (doc: Y.Doc, clauseId: string): string => canonicalClause(doc, clauseId, LANGS);
export const hashOf = (doc: Y.Doc, clauseId: string): string => clauseHash(doc, clauseId, LANGS);
export const lockedHashIn = (doc: Y.Doc, clauseId: string): string | null => readAgreement(doc, clauseId).locked?.hash ?? null;

/** The XmlText of a clause's paragraph (y-prosemirror layout: paragraph → one XmlText). */
export function paragraphText(doc: Y.Doc, clauseId: string, lang: string, paragraph = 0): Y.XmlText {
  const el = getClauseText(doc, clauseId, lang).get(paragraph);
  if (!(el instanceof Y.XmlElement)) throw new Error(`${clauseId}:${lang} has no paragraph ${paragraph}`);
  const t = el.get(0);
  if (!(t instanceof Y.XmlText)) throw new Error(`${clauseId}:${lang} paragraph ${paragraph} holds no text`);
  return t;
}

export function paragraphElement(doc: Y.Doc, clauseId: string, lang: string, paragraph = 0): Y.XmlElement {
  const el = getClauseText(doc, clauseId, lang).get(paragraph);
  if (!(el instanceof Y.XmlElement)) throw new Error(`${clauseId}:${lang} has no paragraph ${paragraph}`);
  return el;
}

/** Appends text at the end of a clause's first paragraph. */
export function typeAtEnd(doc: Y.Doc, clauseId: string, lang: string, s: string): void {
  const t = paragraphText(doc, clauseId, lang);
  t.insert(t.length, s);
}

/** Runs `change` as one transaction and returns the update it produced. */
export function capture(doc: Y.Doc, change: () => void): Uint8Array {
  const sv = Y.encodeStateVector(doc);
  doc.transact(change);
  return Y.encodeStateAsUpdate(doc, sv);
}

/** Rebuilds the memo from its stored update log (every row) and from checkpoint + tail. */
export async function storedDocs(ts: TestServer, memoId: string): Promise<{ fromLog: Y.Doc; fromLoad: Y.Doc; rows: number }> {
  const rows = await ts.server.storage.listUpdates(memoId as MemoId, 0, 1_000_000);
  const fromLog = new Y.Doc();
  for (const r of rows) Y.applyUpdate(fromLog, r.update);
  const stored = await ts.server.storage.loadDocument(memoId as MemoId);
  const fromLoad = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(fromLoad, stored.checkpoint.state);
  for (const u of stored.tail) Y.applyUpdate(fromLoad, u.update);
  return { fromLog, fromLoad, rows: rows.length };
}

export const storedRowCount = async (ts: TestServer, memoId: string): Promise<number> =>
  (await ts.server.storage.listUpdates(memoId as MemoId, 0, 1_000_000)).length;

/** The live server-side document of an open memo. */
export async function serverDoc(ts: TestServer, memoId: string): Promise<Y.Doc> {
  const open = await ts.server.registry.peek(memoId as MemoId);
  if (!open) throw new Error('memo is not open on the server');
  await open.whenCommitted();
  return open.doc;
}

/** Where a clause sits: its section and the entries right before and after it. */
export function placeOf(entries: readonly OutlineEntry[], clauseId: string): { count: number; section: string | null; before: string; after: string } {
  const key = (e: OutlineEntry | undefined): string => (e ? `${e.t}:${e.id}` : '-');
  const count = entries.filter((e) => e.t === 'clause' && e.id === clauseId).length;
  const index = entries.findIndex((e) => e.t === 'clause' && e.id === clauseId);
  let section: string | null = null;
  for (const s of buildStructure(entries)) {
    for (const node of [s, ...s.subsections]) if (node.clauses.some((c) => c.id === clauseId)) section = node.id;
  }
  return { count, section, before: key(entries[index - 1]), after: key(entries[index + 1]) };
}

// ---------------------------------------------------------------- clients

/**
 * A raw protocol client with a replica: every sync frame the server sends is
 * applied to `doc` as it arrives, so the replica follows the server like a
 * real client's would (without a y-websocket provider resending anything).
 */
export interface LiveRaw {
  raw: RawClient;
  doc: Y.Doc;
  notices(): NoticeMessage[];
  /** The stored clock the server acknowledged for this replica's client id. */
  ackedClock(): number;
  localClock(): number;
}

export async function liveRaw(ts: TestServer, memoId: string, cookie: string, doc = new Y.Doc()): Promise<LiveRaw> {
  const raw = rawClient(ts, memoId, cookie);
  raw.ws.on('message', (data: Buffer) => applySyncFrames(doc, [new Uint8Array(data)]));
  await raw.opened;
  raw.send(step1Frame(doc));
  await waitFor(() => raw.messages.some((m) => m[0] === MessageType.sync && m[1] === SyncStep.step2), 'sync step 2 from the server');
  return {
    raw,
    doc,
    notices: () => noticesIn(raw.messages),
    ackedClock: () => Math.max(0, ...acksIn(raw.messages).map((a) => a.stored.get(doc.clientID) ?? 0)),
    localClock: () => Y.getState(doc.store, doc.clientID),
  };
}

/** The server's state vector from the sync step 1 it sent on connect. */
export function serverStateVector(messages: Uint8Array[]): Uint8Array | null {
  for (const m of messages) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== MessageType.sync) continue;
    if (decoding.readVarUint(d) === SyncStep.step1) return decoding.readVarUint8Array(d);
  }
  return null;
}

/** A sync step 2 frame (what a reconnecting client sends with its offline edits). */
export function step2Frame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, SyncStep.step2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A y-websocket client with accord=1 that records the notices it is sent. */
export interface Honest {
  p: WebsocketProvider;
  doc: Y.Doc;
  notices: NoticeMessage[];
}

export function honestClient(ts: TestServer, memoId: string, cookie: string): Honest {
  const doc = new Y.Doc();
  const p = provider(ts, memoId, cookie, doc, { accord: '1' });
  const notices: NoticeMessage[] = [];
  p.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
    notices.push(readNoticeBody(decoder));
  };
  p.messageHandlers[MessageType.ack] = () => undefined;
  return { p, doc, notices };
}

/**
 * Watches a clause on a replica: records the clause's canonical content every
 * time its fragments change and where its outline entry sits every time the
 * outline changes, so a test can assert that no transient state was ever shown (LK2).
 */
export interface ClauseWatch {
  contents: string[];
  places: string[];
  stop(): void;
}

export function watchClause(doc: Y.Doc, clauseId: string): ClauseWatch {
  const contents: string[] = [];
  const places: string[] = [];
  const onText = (): void => {
    contents.push(canonical(doc, clauseId));
  };
  const onOutline = (): void => {
    places.push(JSON.stringify(placeOf(readOutline(doc), clauseId)));
  };
  const fragments = LANGS.map((l) => getClauseText(doc, clauseId, l));
  for (const f of fragments) f.observeDeep(onText);
  const outline = doc.getArray<OutlineEntry>('outline');
  outline.observe(onOutline);
  return {
    contents,
    places,
    stop: () => {
      for (const f of fragments) f.unobserveDeep(onText);
      outline.unobserve(onOutline);
    },
  };
}
