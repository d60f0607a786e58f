import crypto from 'node:crypto';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ID_PATTERN, type MemoId } from '@accord/shared/ids';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import type { ClauseView, Membership, MemoDetail, MemoHeading, MemoSummary, MeView, SectionView } from '@accord/shared/memo/schema';
import { getTitle, readOutline } from '@accord/shared/memo/ydocLayout';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { ErrorCode, isErrorBody, type ErrorBody } from '@accord/shared/protocol/errors';
import { account, loginAs, provider, rawClient, startTestServer, upgradeStatus, waitFor, type TestServer } from './support/testServer';

/**
 * The HTTP API's external contract (server/src/http/*): health, login/logout
 * and sessions, the memo list, creation and detail, membership management,
 * SE1 access checks, the CSRF origin check, and DU3 (initial content is created
 * on the server once, however many clients open a new memo at the same moment).
 */

let ts: TestServer;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  ts = await startTestServer();
});

afterEach(() => {
  while (providers.length > 0) providers.pop()!.destroy();
});

afterAll(async () => {
  await ts?.stop();
});

// ---------------------------------------------------------------- helpers

interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  cookie?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

function api(path: string, { method = 'GET', cookie = null, body, headers = {} }: Call = {}): Promise<Response> {
  return fetch(`${ts.url}${path}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  return JSON.parse(text) as T;
}

/** Asserts the one error shape of the API and returns it. */
async function expectError(res: Response, status: number, code: ErrorCode): Promise<ErrorBody['error']> {
  const body = await json<unknown>(res, status);
  if (!isErrorBody(body)) throw new Error(`not an error body: ${JSON.stringify(body)}`);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

async function me(cookie: string): Promise<MeView> {
  return json<MeView>(await api('/api/me', { cookie }), 200);
}

async function listMemos(cookie: string): Promise<MemoSummary[]> {
  return json<MemoSummary[]>(await api('/api/memos', { cookie }), 200);
}

async function createMemo(cookie: string, body: Record<string, unknown>): Promise<MemoId> {
  const created = await json<{ id: MemoId }>(await api('/api/memos', { method: 'POST', cookie, body }), 201);
  expect(Object.keys(created)).toEqual(['id']);
  expect(created.id).toMatch(ID_PATTERN);
  return created.id;
}

async function detail(cookie: string, id: string): Promise<MemoDetail> {
  return json<MemoDetail>(await api(`/api/memos/${id}`, { cookie }), 200);
}

const allSections = (sections: SectionView[]): SectionView[] => sections.flatMap((s) => [s, ...allSections(s.subsections)]);
const allClauses = (d: MemoDetail): ClauseView[] => allSections(d.sections).flatMap((s) => s.clauses);

const sha = (data: Uint8Array): string => crypto.createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------- health and sessions

describe('health and sessions', () => {
  it('GET /api/health → 200 {ok:true}, without a session', async () => {
    expect(await json<unknown>(await api('/api/health'), 200)).toEqual({ ok: true });
  });

  it('[SE1] POST /api/auth/login with the right password → 200, the user, and an HttpOnly SameSite=Lax session cookie', async () => {
    const a = account(ts, 'signatory', 'cn');
    const res = await api('/api/auth/login', { method: 'POST', body: { email: a.email, password: a.password } });
    const setCookie = res.headers.get('set-cookie') ?? '';
    const body = await json<{ user: MeView }>(res, 200);
    expect(Object.keys(body.user).sort()).toEqual(['email', 'id', 'locale', 'name']); // no password hash, nothing else
    expect(body.user).toMatchObject({ email: a.email, name: a.name });
    expect(setCookie).toMatch(/^accord_session=[^;]{20,};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).not.toMatch(/;\s*Secure/i); // plain-HTTP test server
    const cookie = setCookie.split(';')[0]!;
    expect(await me(cookie)).toEqual(body.user);
  });

  it('[SE1] wrong password → 401 invalid_credentials and no cookie', async () => {
    const a = account(ts, 'signatory', 'cn');
    const res = await api('/api/auth/login', { method: 'POST', body: { email: a.email, password: `${a.password}x` } });
    expect(res.headers.get('set-cookie')).toBeNull();
    await expectError(res, 401, ErrorCode.invalidCredentials);
  });

  it('[SE1] unknown email → 401 invalid_credentials (the same answer as a wrong password)', async () => {
    const res = await api('/api/auth/login', { method: 'POST', body: { email: 'nobody@nowhere.example', password: 'whatever' } });
    expect(res.headers.get('set-cookie')).toBeNull();
    await expectError(res, 401, ErrorCode.invalidCredentials);
  });

  it('login with a malformed body → 400 bad_request', async () => {
    await expectError(await api('/api/auth/login', { method: 'POST', body: { email: 'x@y.example' } }), 400, ErrorCode.badRequest);
    await expectError(await api('/api/auth/login', { method: 'POST', body: { email: 'x@y.example', password: 'p', admin: true } }), 400, ErrorCode.badRequest);
  });

  it('[SE1] GET /api/me → 200 with a session cookie, 401 without one or with a forged one', async () => {
    const cookie = await loginAs(ts, 'drafter', 'us');
    const a = account(ts, 'drafter', 'us');
    expect(await me(cookie)).toMatchObject({ email: a.email, name: a.name });
    await expectError(await api('/api/me'), 401, ErrorCode.unauthenticated);
    await expectError(await api('/api/me', { cookie: 'accord_session=forged-token' }), 401, ErrorCode.unauthenticated);
    await expectError(await api('/api/me', { cookie: 'accord_session=%E0%A4%A' }), 401, ErrorCode.unauthenticated);
  });

  it('[SE1] logout → 204, clears the cookie, and the same cookie is refused afterwards (HTTP and WebSocket)', async () => {
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const other = await loginAs(ts, 'drafter', 'cn'); // a second session of the same person
    expect((await me(cookie)).email).toBe(account(ts, 'drafter', 'cn').email);
    const res = await api('/api/auth/logout', { method: 'POST', cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie') ?? '').toMatch(/^accord_session=;.*Expires=Thu, 01 Jan 1970/i);
    await expectError(await api('/api/me', { cookie }), 401, ErrorCode.unauthenticated);
    await expectError(await api('/api/memos', { cookie }), 401, ErrorCode.unauthenticated);
    expect(await upgradeStatus(ts, ts.demoMemoId, cookie)).toBe(401);
    await expectError(await api('/api/auth/logout', { method: 'POST', cookie }), 401, ErrorCode.unauthenticated);
    // Only that session ended.
    expect((await me(other)).email).toBe(account(ts, 'drafter', 'cn').email);
  });
});

// ---------------------------------------------------------------- memos

describe('memo list, creation and detail', () => {
  it('GET /api/memos lists the demo memo with its id, title, the caller\'s role and party (names and colour, no detail request needed)', async () => {
    const cookie = await loginAs(ts, 'signatory', 'cn');
    const memos = await listMemos(cookie);
    const demo = memos.find((m) => m.id === ts.demoMemoId);
    expect(demo).toBeDefined();
    expect(demo).toMatchObject({
      id: ts.demoMemoId,
      title: '中美海洋科学与渔业合作二轨对话',
      role: 'signatory',
      partyId: 'cn',
      isOwner: false,
    });
    expect(demo!.party).toEqual((await detail(cookie, ts.demoMemoId)).parties.find((p) => p.id === 'cn'));
    expect(demo!.party?.name.zh).toBeTruthy();
    expect(Number.isNaN(Date.parse(demo!.createdAt))).toBe(false);
    // A facilitator has no party.
    const facilitator = (await listMemos(await loginAs(ts, 'facilitator'))).find((m) => m.id === ts.demoMemoId);
    expect(facilitator).toMatchObject({ partyId: null, party: null });
  });

  it('[CL1] GET /api/memos/:id of the demo memo: sections with clauses, each with an id and a 64-hex hash', async () => {
    const d = await detail(await loginAs(ts, 'observer'), ts.demoMemoId);
    expect(d.id).toBe(ts.demoMemoId);
    expect(d.languages).toEqual(['zh', 'en']);
    expect(d.parties.map((p) => p.id)).toEqual(['cn', 'us']);
    expect(d.me).toEqual({ role: 'observer', partyId: null, isOwner: false });
    const clauses = allClauses(d);
    expect(clauses.length).toBeGreaterThanOrEqual(12);
    expect(clauses.map((c) => c.id)).toContain('preamble-1');
    for (const c of clauses) {
      expect(c.id).toMatch(ID_PATTERN);
      expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(clauses.map((c) => c.hash)).size).toBe(clauses.length); // different texts, different hashes
    expect(d.sections.find((s) => s.id === 'principles')?.subsections.map((s) => s.id)).toEqual(['principles-fisheries', 'principles-observation']);
  });

  it('GET /api/memos/:id/heading: the title, parties, languages and caller\'s membership the memo page needs first, read from storage without loading the document', async () => {
    const cookie = await loginAs(ts, 'signatory', 'us');
    await waitFor(() => ts.server.registry.size === 0, 'no memo loaded');
    const heading = await json<MemoHeading>(await api(`/api/memos/${ts.demoMemoId}/heading`, { cookie }), 200);
    const full = await detail(cookie, ts.demoMemoId);
    const { sections, ...rest } = full;
    expect(sections.length).toBeGreaterThan(0);
    expect(heading).toEqual(rest);
    expect(Object.keys(heading)).not.toContain('sections');
    // The heading did not load the memo (the detail did, and let it go again).
    await waitFor(() => ts.server.registry.size === 0, 'the detail released the memo');
    await json<MemoHeading>(await api(`/api/memos/${ts.demoMemoId}/heading`, { cookie }), 200);
    expect(ts.server.registry.size).toBe(0);
  });

  it('[DU3] POST /api/memos → 201 {id}; the new memo has default parties and languages and one section with one clause', async () => {
    const cookie = await loginAs(ts, 'facilitator');
    const before = await listMemos(cookie);
    const id = await createMemo(cookie, { title: '  Memo on shared tide gauges  ' });
    const d = await detail(cookie, id);
    expect(d.title).toBe('Memo on shared tide gauges'); // trimmed
    expect(d.languages).toEqual(['zh', 'en']);
    expect(d.parties.map((p) => p.id)).toEqual(['a', 'b']);
    for (const p of d.parties) expect(p.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(d.ownerId).toBe((await me(cookie)).id);
    expect(d.me).toEqual({ role: 'facilitator', partyId: null, isOwner: true });
    expect(d.sections).toHaveLength(1);
    const clauses = allClauses(d);
    expect(clauses).toHaveLength(1);
    expect(clauses[0]!.id).toMatch(ID_PATTERN);
    expect(clauses[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const after = await listMemos(cookie);
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((m) => m.id === id)).toMatchObject({ title: 'Memo on shared tide gauges', role: 'facilitator', partyId: null, isOwner: true });
    // Created on the server, in one stored update (DU3).
    expect(await ts.server.storage.listUpdates(id, 0, 1e6)).toHaveLength(1);
  });

  it('POST /api/memos with explicit languages, parties and the creator as a party signatory', async () => {
    const cookie = await loginAs(ts, 'signatory', 'us');
    const id = await createMemo(cookie, {
      title: 'Trilateral memo',
      languages: ['en', 'fr', 'pt-br'],
      parties: [
        { id: 'x', name: { en: 'X' }, color: '#112233' },
        { id: 'y', name: { en: 'Y' }, color: '#445566' },
        { id: 'z', name: { en: 'Z' }, color: '#778899' },
      ],
      myRole: 'signatory',
      myPartyId: 'y',
    });
    const d = await detail(cookie, id);
    expect(d.languages).toEqual(['en', 'fr', 'pt-br']);
    expect(d.parties.map((p) => p.id)).toEqual(['x', 'y', 'z']);
    expect(d.me).toEqual({ role: 'signatory', partyId: 'y', isOwner: true });
    expect(Object.keys(d.sections[0]!.title).sort()).toEqual(['en', 'fr', 'pt-br']);
  });

  it.each<[string, Record<string, unknown>]>([
    ["languages ['ZH!']", { title: 'T', languages: ['ZH!'] }],
    ['no languages', { title: 'T', languages: [] }],
    ['duplicate languages', { title: 'T', languages: ['en', 'en'] }],
    ["myRole 'signatory' without myPartyId", { title: 'T', myRole: 'signatory' }],
    ["myRole 'drafter' without myPartyId", { title: 'T', myRole: 'drafter' }],
    ['a facilitator with a party', { title: 'T', myRole: 'facilitator', myPartyId: 'a' }],
    ['an unknown party', { title: 'T', myRole: 'signatory', myPartyId: 'zz' }],
    ['an unknown role', { title: 'T', myRole: 'owner' }],
    ['no title', {}],
    ['a blank title', { title: '   ' }],
    ['a 301-character title', { title: 'x'.repeat(301) }],
    ['an unknown field', { title: 'T', ownerId: 'someone-else' }],
    ['a single party', { title: 'T', parties: [{ id: 'x', name: { en: 'X' }, color: '#112233' }] }],
    [
      'duplicate party ids',
      {
        title: 'T',
        parties: [
          { id: 'x', name: { en: 'X' }, color: '#112233' },
          { id: 'x', name: { en: 'X2' }, color: '#445566' },
        ],
      },
    ],
    ['a party colour that is not #rrggbb', { title: 'T', parties: [{ id: 'x', name: { en: 'X' }, color: 'red' }, { id: 'y', name: { en: 'Y' }, color: '#445566' }] }],
    ['a party id with a colon', { title: 'T', parties: [{ id: 'x:1', name: { en: 'X' }, color: '#112233' }, { id: 'y', name: { en: 'Y' }, color: '#445566' }] }],
  ])('POST /api/memos with %s → 400 bad_request, nothing created', async (_label, body) => {
    const cookie = await loginAs(ts, 'drafter', 'us');
    const before = (await listMemos(cookie)).length;
    await expectError(await api('/api/memos', { method: 'POST', cookie, body }), 400, ErrorCode.badRequest);
    expect(await listMemos(cookie)).toHaveLength(before);
  });
});

// ---------------------------------------------------------------- SE1 access

describe('[SE1] access to memos', () => {
  it('[SE1] every /api/memos route refuses an anonymous caller with 401 (and a forged cookie too)', async () => {
    const owner = await loginAs(ts, 'facilitator');
    const someone = (await me(owner)).id;
    const routes: Array<[string, Call]> = [
      ['/api/memos', {}],
      ['/api/memos', { method: 'POST', body: { title: 'anonymous memo' } }],
      [`/api/memos/${ts.demoMemoId}`, {}],
      [`/api/memos/${ts.demoMemoId}/heading`, {}],
      ['/api/memos/nope', {}],
      [`/api/memos/${ts.demoMemoId}/members`, {}],
      [`/api/memos/${ts.demoMemoId}/members`, { method: 'PUT', body: { email: 'x@y.example', role: 'observer', partyId: null } }],
      [`/api/memos/${ts.demoMemoId}/members/${someone}`, { method: 'DELETE' }],
    ];
    for (const cookie of [null, 'accord_session=forged-token']) {
      for (const [path, call] of routes) {
        const res = await api(path, { ...call, cookie });
        expect(res.status, `${call.method ?? 'GET'} ${path}`).toBe(401);
        await expectError(res, 401, ErrorCode.unauthenticated);
      }
    }
    expect(await upgradeStatus(ts, ts.demoMemoId, null)).toBe(401);
    // Nothing was created or removed by the attempts.
    expect((await listMemos(owner)).some((m) => m.title === 'anonymous memo')).toBe(false);
    expect((await json<{ members: Membership[] }>(await api(`/api/memos/${ts.demoMemoId}/members`, { cookie: owner }), 200)).members).toHaveLength(6);
  });

  it('[SE1] a logged-in non-member gets 403 on every route of a memo, and does not see it in their list', async () => {
    const ownerCookie = await loginAs(ts, 'signatory', 'us');
    const id = await createMemo(ownerCookie, { title: 'Private to its owner', myRole: 'signatory', myPartyId: 'a' });
    const outsider = await loginAs(ts, 'drafter', 'cn');
    const ownerId = (await me(ownerCookie)).id;
    await expectError(await api(`/api/memos/${id}`, { cookie: outsider }), 403, ErrorCode.forbidden);
    await expectError(await api(`/api/memos/${id}/members`, { cookie: outsider }), 403, ErrorCode.forbidden);
    await expectError(await api(`/api/memos/${id}/heading`, { cookie: outsider }), 403, ErrorCode.forbidden);
    const self = account(ts, 'drafter', 'cn').email;
    await expectError(await api(`/api/memos/${id}/members`, { method: 'PUT', cookie: outsider, body: { email: self, role: 'drafter', partyId: 'a' } }), 403, ErrorCode.forbidden);
    await expectError(await api(`/api/memos/${id}/members/${ownerId}`, { method: 'DELETE', cookie: outsider }), 403, ErrorCode.forbidden);
    expect(await upgradeStatus(ts, id, outsider)).toBe(403);
    expect((await listMemos(outsider)).some((m) => m.id === id)).toBe(false);
    // The outsider did not add themselves.
    const members = (await json<{ members: Membership[] }>(await api(`/api/memos/${id}/members`, { cookie: ownerCookie }), 200)).members;
    expect(members.map((m) => m.userId)).toEqual([ownerId]);
  });

  it('[SE1] an unknown memo is 404 for a logged-in caller (not 403)', async () => {
    const cookie = await loginAs(ts, 'drafter', 'cn');
    await expectError(await api('/api/memos/nosuchmemo', { cookie }), 404, ErrorCode.notFound);
    await expectError(await api('/api/memos/nosuchmemo/members', { cookie }), 404, ErrorCode.notFound);
    await expectError(await api('/api/memos/nosuchmemo/heading', { cookie }), 404, ErrorCode.notFound);
  });
});

describe('[SE1] membership management', () => {
  it('[SE1] only the owner may PUT/DELETE members; a PUT member can open the memo; a DELETEd one is refused (and their socket closed)', async () => {
    const ownerCookie = await loginAs(ts, 'signatory', 'us');
    const ownerId = (await me(ownerCookie)).id;
    const id = await createMemo(ownerCookie, { title: 'Membership memo' });
    const guestAccount = account(ts, 'drafter', 'cn');
    const guest = await loginAs(ts, 'drafter', 'cn');
    const guestId = (await me(guest)).id;
    const third = account(ts, 'observer');

    await expectError(await api(`/api/memos/${id}`, { cookie: guest }), 403, ErrorCode.forbidden);

    // The owner adds the guest as a drafter of party b.
    const put = await json<{ member: Membership }>(
      await api(`/api/memos/${id}/members`, { method: 'PUT', cookie: ownerCookie, body: { email: guestAccount.email, role: 'drafter', partyId: 'b' } }),
      200,
    );
    expect(put.member).toEqual({ userId: guestId, email: guestAccount.email, name: guestAccount.name, partyId: 'b', role: 'drafter' });
    expect((await detail(guest, id)).me).toEqual({ role: 'drafter', partyId: 'b', isOwner: false });
    expect((await listMemos(guest)).find((m) => m.id === id)).toMatchObject({ role: 'drafter', partyId: 'b', isOwner: false });
    const members = (await json<{ members: Membership[] }>(await api(`/api/memos/${id}/members`, { cookie: guest }), 200)).members;
    expect(members.map((m) => m.userId).sort()).toEqual([ownerId, guestId].sort());

    // A member who is not the owner may read the member list but not change it.
    await expectError(await api(`/api/memos/${id}/members`, { method: 'PUT', cookie: guest, body: { email: third.email, role: 'observer', partyId: null } }), 403, ErrorCode.forbidden);
    await expectError(await api(`/api/memos/${id}/members`, { method: 'PUT', cookie: guest, body: { email: guestAccount.email, role: 'signatory', partyId: 'b' } }), 403, ErrorCode.forbidden);
    await expectError(await api(`/api/memos/${id}/members/${ownerId}`, { method: 'DELETE', cookie: guest }), 403, ErrorCode.forbidden);
    await expectError(await api(`/api/memos/${id}/members/${guestId}`, { method: 'DELETE', cookie: guest }), 403, ErrorCode.forbidden);
    expect((await detail(guest, id)).me.role).toBe('drafter');

    // The guest has a socket open when the owner removes them.
    const socket = rawClient(ts, id, guest);
    await socket.opened;
    await waitFor(() => socket.messages.length > 0, 'the guest socket to be attached');
    const del = await api(`/api/memos/${id}/members/${guestId}`, { method: 'DELETE', cookie: ownerCookie });
    expect(del.status).toBe(204);
    expect((await socket.closed).code).toBe(CloseCode.forbidden);
    await expectError(await api(`/api/memos/${id}`, { cookie: guest }), 403, ErrorCode.forbidden);
    expect(await upgradeStatus(ts, id, guest)).toBe(403);
    expect((await listMemos(guest)).some((m) => m.id === id)).toBe(false);
    await expectError(await api(`/api/memos/${id}/members/${guestId}`, { method: 'DELETE', cookie: ownerCookie }), 404, ErrorCode.notFound);
  });

  it('member changes the owner may not make → 400/404 with a clear code', async () => {
    const ownerCookie = await loginAs(ts, 'signatory', 'us');
    const ownerId = (await me(ownerCookie)).id;
    const ownerEmail = account(ts, 'signatory', 'us').email;
    const id = await createMemo(ownerCookie, { title: 'Owner rules memo' });
    const other = account(ts, 'drafter', 'us').email;
    const put = (body: unknown): Promise<Response> => api(`/api/memos/${id}/members`, { method: 'PUT', cookie: ownerCookie, body });
    await expectError(await put({ email: 'nobody@nowhere.example', role: 'drafter', partyId: 'a' }), 404, ErrorCode.notFound);
    await expectError(await put({ email: other, role: 'signatory', partyId: null }), 400, ErrorCode.badRequest);
    await expectError(await put({ email: other, role: 'drafter', partyId: 'cn' }), 400, ErrorCode.badRequest); // not a party of this memo
    await expectError(await put({ email: other, role: 'facilitator', partyId: 'a' }), 400, ErrorCode.badRequest);
    await expectError(await put({ email: other, role: 'owner', partyId: null }), 400, ErrorCode.badRequest);
    await expectError(await put({ email: ownerEmail, role: 'observer', partyId: null }), 400, ErrorCode.badRequest);
    await expectError(await api(`/api/memos/${id}/members/${ownerId}`, { method: 'DELETE', cookie: ownerCookie }), 400, ErrorCode.badRequest);
    const members = (await json<{ members: Membership[] }>(await api(`/api/memos/${id}/members`, { cookie: ownerCookie }), 200)).members;
    expect(members).toEqual([{ userId: ownerId, email: ownerEmail, name: account(ts, 'signatory', 'us').name, partyId: null, role: 'facilitator' }]);
  });
});

// ---------------------------------------------------------------- CSRF

describe('[SE1] cross-origin requests', () => {
  it('[SE1] a cross-origin POST/PUT/DELETE (Origin: http://evil.example) → 403 forbidden and changes nothing', async () => {
    const cookie = await loginAs(ts, 'facilitator');
    const before = await listMemos(cookie);
    const evil = { origin: 'http://evil.example' };
    await expectError(await api('/api/memos', { method: 'POST', cookie, body: { title: 'CSRF memo' }, headers: evil }), 403, ErrorCode.forbidden);
    const a = account(ts, 'signatory', 'cn');
    const login = await api('/api/auth/login', { method: 'POST', body: { email: a.email, password: a.password }, headers: evil });
    expect(login.headers.get('set-cookie')).toBeNull();
    await expectError(login, 403, ErrorCode.forbidden);
    const observer = account(ts, 'observer');
    await expectError(
      await api(`/api/memos/${ts.demoMemoId}/members`, { method: 'PUT', cookie, body: { email: observer.email, role: 'drafter', partyId: 'cn' }, headers: evil }),
      403,
      ErrorCode.forbidden,
    );
    const observerId = (await me(await loginAs(ts, 'observer'))).id;
    await expectError(await api(`/api/memos/${ts.demoMemoId}/members/${observerId}`, { method: 'DELETE', cookie, headers: evil }), 403, ErrorCode.forbidden);
    await expectError(await api('/api/auth/logout', { method: 'POST', cookie, headers: evil }), 403, ErrorCode.forbidden);
    await expectError(await api('/api/memos', { method: 'POST', cookie, body: { title: 'CSRF memo' }, headers: { origin: 'null' } }), 403, ErrorCode.forbidden);
    expect(await listMemos(cookie)).toEqual(before);
    const members = (await json<{ members: Membership[] }>(await api(`/api/memos/${ts.demoMemoId}/members`, { cookie }), 200)).members;
    expect(members.find((m) => m.userId === observerId)?.role).toBe('observer');
    expect((await me(cookie)).email).toBe(account(ts, 'facilitator').email); // logout was refused too
    // A cross-origin WebSocket upgrade is refused as well.
    expect(await upgradeStatus(ts, ts.demoMemoId, cookie, evil)).toBe(403);
  });

  it('[SE1] the same request from the server\'s own origin is accepted', async () => {
    const cookie = await loginAs(ts, 'facilitator');
    const id = await json<{ id: string }>(await api('/api/memos', { method: 'POST', cookie, body: { title: 'Same-origin memo' }, headers: { origin: ts.url } }), 201);
    expect((await detail(cookie, id.id)).title).toBe('Same-origin memo');
    // Reading is a safe method: an Origin header does not matter (the cookie's SameSite=Lax covers it).
    expect((await api('/api/memos', { cookie, headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });
});

// ---------------------------------------------------------------- DU3

describe('[DU3] initial content is created on the server, once', () => {
  it('[DU3] ten y-websocket clients opening a new memo at the same moment converge, and its initial content appears exactly once', async () => {
    const title = 'Simultaneous opening memo';
    const cookies = await Promise.all([loginAs(ts, 'facilitator'), loginAs(ts, 'signatory', 'cn'), loginAs(ts, 'drafter', 'us')]);
    const ownerCookie = cookies[0]!;
    const id = await createMemo(ownerCookie, { title });
    // Give the two other people a place in the memo so the ten clients are several people, not one.
    for (const [role, party] of [
      ['signatory', 'cn'],
      ['drafter', 'us'],
    ] as const) {
      const res = await api(`/api/memos/${id}/members`, {
        method: 'PUT',
        cookie: ownerCookie,
        body: { email: account(ts, role, party).email, role: 'drafter', partyId: party === 'cn' ? 'a' : 'b' },
      });
      expect(res.status).toBe(200);
    }
    const stored = await ts.server.storage.listUpdates(id, 0, 1e6);
    expect(stored).toHaveLength(1);

    // All ten start in the same tick, on empty documents.
    const docs = Array.from({ length: 10 }, () => new Y.Doc());
    for (const [i, doc] of docs.entries()) providers.push(provider(ts, id, cookies[i % cookies.length]!, doc));
    await waitFor(() => providers.every((p) => p.synced), 'all ten clients synced', 10_000);

    const reference = Y.encodeStateVector(docs[0]!);
    for (const doc of docs) {
      const outline = readOutline(doc);
      expect(doc.getArray('outline').length).toBe(2);
      expect(outline.map((e) => e.t)).toEqual(['section', 'clause']);
      expect(fragmentToPlainText(getTitle(doc, 'en'))).toBe(title);
      expect(fragmentToPlainText(getTitle(doc, 'zh'))).toBe(title);
      expect(getTitle(doc, 'en').length).toBe(1); // one paragraph, not one per client
      expect(Y.encodeStateVector(doc)).toEqual(reference);
    }
    const states = new Set(docs.map((d) => sha(Y.encodeStateAsUpdate(d))));
    expect(states.size).toBe(1);
    // The only writer is the server's seed: one client id in every state vector.
    expect(Y.decodeStateVector(reference).size).toBe(1);

    // The server agrees: same structure, still exactly one stored update, no edit from any client.
    const d = await detail(ownerCookie, id);
    expect(d.title).toBe(title);
    expect(d.sections).toHaveLength(1);
    expect(allClauses(d)).toHaveLength(1);
    expect(allClauses(d)[0]!.id).toBe(readOutline(docs[0]!)[1]!.id);
    expect(await ts.server.storage.listUpdates(id, 0, 1e6)).toHaveLength(1);
    const open = await ts.server.registry.peek(id);
    expect(open).not.toBeNull();
    expect(Y.encodeStateVector(open!.doc)).toEqual(reference);
  });

  it('[DU3] opening the memo again later (a reload) does not seed it again', async () => {
    const cookie = await loginAs(ts, 'facilitator');
    const id = await createMemo(cookie, { title: 'Seed once memo' });
    for (let round = 0; round < 3; round++) {
      const doc = new Y.Doc();
      const p = provider(ts, id, cookie, doc);
      providers.push(p);
      await waitFor(() => p.synced, `round ${round} synced`);
      expect(doc.getArray('outline').length).toBe(2);
      expect(fragmentToPlainText(getTitle(doc, 'en'))).toBe('Seed once memo');
      p.destroy();
      providers.pop();
    }
    expect(allClauses(await detail(cookie, id))).toHaveLength(1);
    expect(await ts.server.storage.listUpdates(id, 0, 1e6)).toHaveLength(1);
  });
});
