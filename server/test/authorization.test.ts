import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserId } from '@accord/shared/ids';
import type { MemoDetail } from '@accord/shared/memo/schema';
import { hashPassword } from '../src/auth/passwords';
import { login, loginAs, startTestServer, upgradeStatus, type TestServer } from './support/testServer';

/**
 * SE1 authorisation matrix: every HTTP route and the socket, for each role of
 * each party, a non-member and an anonymous caller. "ok" means the caller got
 * past authentication and authorisation (any status but 401/403); the other
 * cells name the exact status.
 */
type Caller = 'anonymous' | 'nonMember' | 'observer' | 'facilitator' | 'drafterCn' | 'signatoryCn' | 'drafterUs' | 'signatoryUs';
const CALLERS: Caller[] = ['anonymous', 'nonMember', 'observer', 'facilitator', 'drafterCn', 'signatoryCn', 'drafterUs', 'signatoryUs'];
type Cell = 'ok' | 401 | 403;

interface Route {
  name: string;
  expect: Record<Caller, Cell>;
  call(caller: Caller, cookie: string | null): Promise<number>;
}

// The demo memo's owner is the facilitator.
const members = (ok: Cell = 'ok'): Record<Caller, Cell> => ({
  anonymous: 401,
  nonMember: 403,
  observer: ok,
  facilitator: ok,
  drafterCn: ok,
  signatoryCn: ok,
  drafterUs: ok,
  signatoryUs: ok,
});
const only = (allowed: Caller[]): Record<Caller, Cell> =>
  Object.fromEntries(CALLERS.map((c) => [c, c === 'anonymous' ? 401 : allowed.includes(c) ? 'ok' : 403])) as Record<Caller, Cell>;

let ts: TestServer;
const cookies = new Map<Caller, string | null>();
let memoId = '';
let nonMemberId = '';
const clauseFor = new Map<Caller, string>();
const hashes = new Map<string, string>();

beforeAll(async () => {
  ts = await startTestServer();
  memoId = ts.demoMemoId;
  nonMemberId = 'outsider1';
  await ts.server.storage.createUser({
    id: nonMemberId as UserId,
    email: 'outsider@example.org',
    name: 'Outsider',
    passwordHash: await hashPassword('outsider-pass', { memoryCost: 1024, timeCost: 1 }),
    createdAt: Date.now(),
  });
  cookies.set('anonymous', null);
  cookies.set('nonMember', await login(ts.url, 'outsider@example.org', 'outsider-pass'));
  cookies.set('observer', await loginAs(ts, 'observer'));
  cookies.set('facilitator', await loginAs(ts, 'facilitator'));
  cookies.set('drafterCn', await loginAs(ts, 'drafter', 'cn'));
  cookies.set('signatoryCn', await loginAs(ts, 'signatory', 'cn'));
  cookies.set('drafterUs', await loginAs(ts, 'drafter', 'us'));
  cookies.set('signatoryUs', await loginAs(ts, 'signatory', 'us'));
  const detail = (await (await fetch(`${ts.url}/api/memos/${memoId}`, { headers: { cookie: cookies.get('observer')! } })).json()) as MemoDetail;
  const clauses = detail.sections.flatMap((s) => [...s.clauses, ...s.subsections.flatMap((x) => x.clauses)]);
  // One clause per caller, so that one caller's sign-off never locks another's clause.
  CALLERS.forEach((c, i) => clauseFor.set(c, clauses[i]!.id));
  for (const c of clauses) hashes.set(c.id, c.hash);
});
afterAll(async () => ts?.stop());

async function status(method: string, path: string, cookie: string | null, body?: unknown): Promise<number> {
  const res = await fetch(`${ts.url}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.status;
}

const clausePath = (c: Caller): string => `/api/memos/${memoId}/clauses/${clauseFor.get(c)}`;

const ROUTES: Route[] = [
  { name: 'GET /api/me', expect: { ...members(), nonMember: 'ok' }, call: (_c, k) => status('GET', '/api/me', k) },
  {
    name: 'PUT /api/me/preferences (own account)',
    expect: { ...members(), nonMember: 'ok' },
    call: (_c, k) => status('PUT', '/api/me/preferences', k, { locale: 'en' }),
  },
  { name: 'GET /api/memos', expect: { ...members(), nonMember: 'ok' }, call: (_c, k) => status('GET', '/api/memos', k) },
  { name: 'GET /api/memos/:id', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}`, k) },
  { name: 'GET /api/memos/:id/members', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}/members`, k) },
  {
    name: 'PUT /api/memos/:id/members (owner only)',
    expect: only(['facilitator']),
    call: (_c, k) => status('PUT', `/api/memos/${memoId}/members`, k, { email: 'outsider@example.org', role: 'observer', partyId: null }),
  },
  {
    name: 'DELETE /api/memos/:id/members/:userId (owner only)',
    expect: only(['facilitator']),
    call: (_c, k) => status('DELETE', `/api/memos/${memoId}/members/${nonMemberId}`, k),
  },
  { name: 'GET …/clauses/:clauseId', expect: members(), call: (c, k) => status('GET', clausePath(c), k) },
  {
    name: 'POST …/signoffs (signatories only, SO1)',
    expect: only(['signatoryCn', 'signatoryUs']),
    call: (c, k) => status('POST', `${clausePath(c)}/signoffs`, k, { hash: hashes.get(clauseFor.get(c)!) }),
  },
  { name: 'DELETE …/signoffs (signatories only)', expect: only(['signatoryCn', 'signatoryUs']), call: (c, k) => status('DELETE', `${clausePath(c)}/signoffs`, k) },
  {
    name: 'POST …/contest (drafters and signatories)',
    expect: only(['drafterCn', 'signatoryCn', 'drafterUs', 'signatoryUs']),
    call: (c, k) => status('POST', `${clausePath(c)}/contest`, k, { reason: 'matrix' }),
  },
  {
    name: 'DELETE …/contest (drafters and signatories)',
    expect: only(['drafterCn', 'signatoryCn', 'drafterUs', 'signatoryUs']),
    call: (c, k) => status('DELETE', `${clausePath(c)}/contest`, k),
  },
  {
    name: 'POST …/reopen-requests (signatories only)',
    expect: only(['signatoryCn', 'signatoryUs']),
    call: (c, k) => status('POST', `${clausePath(c)}/reopen-requests`, k, { reason: 'matrix' }),
  },
  {
    name: 'POST …/reopen-requests/:rid/consent (signatories only)',
    expect: only(['signatoryCn', 'signatoryUs']),
    call: (c, k) => status('POST', `${clausePath(c)}/reopen-requests/nope/consent`, k),
  },
  { name: 'GET /api/memos/:id/audit', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}/audit`, k) },
  { name: 'GET /api/memos/:id/audit/verify (owner only)', expect: only(['facilitator']), call: (_c, k) => status('GET', `/api/memos/${memoId}/audit/verify`, k) },
  { name: 'GET /api/memos/:id/record', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}/record`, k) },
  { name: 'GET /api/memos/:id/export', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}/export?format=md`, k) },
  {
    name: 'POST /api/memos/import (any signed-in person; creates their own memo)',
    expect: { ...members(), nonMember: 'ok' },
    call: async (_c, k) => {
      const form = new FormData();
      form.append('language', 'zh');
      form.append('file', new Blob(['标题\n\n正文。']), 'memo.txt');
      return (await fetch(`${ts.url}/api/memos/import`, { method: 'POST', headers: k ? { cookie: k } : {}, body: form })).status;
    },
  },
  {
    name: 'POST /api/memos/:id/import-translation (editors; observers refused)',
    expect: { ...members(), observer: 403 },
    call: async (_c, k) => {
      const form = new FormData();
      form.append('language', 'en');
      form.append('file', new Blob(['# Unrelated\n\n## One\n\n1. Nothing matches this.\n']), 'x.md');
      return (await fetch(`${ts.url}/api/memos/${memoId}/import-translation`, { method: 'POST', headers: k ? { cookie: k } : {}, body: form })).status;
    },
  },
  { name: 'GET /api/memos/:id/revisions', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}/revisions`, k) },
  { name: 'GET /api/memos/:id/revisions/:rev', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}/revisions/1`, k) },
  { name: 'GET /api/memos/:id/compare', expect: members(), call: (_c, k) => status('GET', `/api/memos/${memoId}/compare?from=1&to=1`, k) },
  { name: 'GET …/clauses/:clauseId/history', expect: members(), call: (c, k) => status('GET', `${clausePath(c)}/history`, k) },
  {
    name: 'POST /api/memos/:id/revisions (everyone but observers)',
    expect: { ...members(), observer: 403 },
    call: (_c, k) => status('POST', `/api/memos/${memoId}/revisions`, k, { name: 'matrix' }),
  },
  {
    name: 'POST …/clauses/:clauseId/restore (everyone but observers)',
    expect: { ...members(), observer: 403 },
    call: (c, k) => status('POST', `${clausePath(c)}/restore`, k, { revision: 1 }),
  },
  {
    name: 'POST /api/memos/:id/restore (everyone but observers)',
    expect: { ...members(), observer: 403 },
    call: (_c, k) => status('POST', `/api/memos/${memoId}/restore`, k, { revision: 1 }),
  },
  { name: 'WS /sync/:memoId (upgrade)', expect: members(), call: (_c, k) => upgradeStatus(ts, memoId, k) },
];

describe('[SE1] authorisation matrix', () => {
  for (const route of ROUTES) {
    it(`[SE1] ${route.name}`, async () => {
      const got: Record<string, Cell | number> = {};
      for (const caller of CALLERS) {
        const s = await route.call(caller, cookies.get(caller) ?? null);
        got[caller] = s === 401 || s === 403 ? s : 'ok';
        if (got[caller] === 'ok' && s >= 500) got[caller] = s; // a server error is never "allowed"
      }
      expect(got).toEqual(route.expect);
    });
  }
});
