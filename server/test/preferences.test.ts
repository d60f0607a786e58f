import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeView } from '@accord/shared/memo/schema';
import { ErrorCode, isErrorBody } from '@accord/shared/protocol/errors';
import { account, login, loginAs, startTestServer, type TestServer } from './support/testServer';

/**
 * The account's interface language (issue 8): `PUT /api/me/preferences`
 * remembers it, `GET /api/me` and the login answer return it, so a person
 * finds their language again on any browser. Bad input changes nothing.
 */

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts?.stop();
});

function api(path: string, method: 'GET' | 'PUT', cookie: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${ts.url}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function me(cookie: string): Promise<MeView> {
  const res = await api('/api/me', 'GET', cookie);
  expect(res.status).toBe(200);
  return (await res.json()) as MeView;
}

async function expectError(res: Response, status: number, code: ErrorCode): Promise<void> {
  expect(res.status).toBe(status);
  const body: unknown = await res.json();
  expect(isErrorBody(body) && body.error.code).toBe(code);
}

describe('interface language per account', () => {
  it('is null until chosen; PUT stores it; GET /api/me and a later login return it', async () => {
    const cookie = await loginAs(ts, 'drafter', 'us');
    expect((await me(cookie)).locale).toBeNull();

    const res = await api('/api/me/preferences', 'PUT', cookie, { locale: 'zh' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as MeView).locale).toBe('zh');
    expect((await me(cookie)).locale).toBe('zh');

    // Another session (another browser) of the same account sees it, at login and after.
    const a = account(ts, 'drafter', 'us');
    const loginRes = await fetch(`${ts.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: a.email, password: a.password }),
    });
    expect(((await loginRes.json()) as { user: MeView }).user.locale).toBe('zh');

    await api('/api/me/preferences', 'PUT', cookie, { locale: 'en' });
    expect((await me(await login(ts.url, a.email, a.password))).locale).toBe('en');
  });

  it('[SE3] refuses an unsupported locale, a missing one and extra fields with 400 bad_request, and changes nothing', async () => {
    const cookie = await loginAs(ts, 'drafter', 'cn');
    await api('/api/me/preferences', 'PUT', cookie, { locale: 'zh' });
    await expectError(await api('/api/me/preferences', 'PUT', cookie, { locale: 'fr' }), 400, ErrorCode.badRequest);
    await expectError(await api('/api/me/preferences', 'PUT', cookie, { locale: 'zh-CN' }), 400, ErrorCode.badRequest);
    await expectError(await api('/api/me/preferences', 'PUT', cookie, {}), 400, ErrorCode.badRequest);
    await expectError(await api('/api/me/preferences', 'PUT', cookie, { locale: 'en', theme: 'dark' }), 400, ErrorCode.badRequest);
    expect((await me(cookie)).locale).toBe('zh');
  });

  it('[SE1] needs a session (401) and refuses a cross-origin request (403 forbidden), changing nothing', async () => {
    await expectError(await api('/api/me/preferences', 'PUT', null, { locale: 'zh' }), 401, ErrorCode.unauthenticated);
    const cookie = await loginAs(ts, 'observer');
    await expectError(await api('/api/me/preferences', 'PUT', cookie, { locale: 'zh' }, { origin: 'http://evil.example' }), 403, ErrorCode.forbidden);
    expect((await me(cookie)).locale).toBeNull();
    const sameOrigin = await api('/api/me/preferences', 'PUT', cookie, { locale: 'zh' }, { origin: ts.url });
    expect(sameOrigin.status).toBe(200);
  });
});
