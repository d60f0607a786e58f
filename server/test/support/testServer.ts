import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Config } from '../../src/config';
import { createAccordServer, type AccordServer } from '../../src/server';
import type { DemoAccount } from '../../src/memo/demoSetup';
import { MessageType, SyncStep } from '@accord/shared/protocol/messages';
import { applySyncFrames, step1Frame } from './yjsFrames';

/** A real server on port 0 with its own data folder, plus helpers to talk to it. */
export interface TestServer {
  server: AccordServer;
  url: string;
  wsUrl: string;
  dataDir: string;
  accounts: DemoAccount[];
  /** The demo memo's id. */
  demoMemoId: string;
  stop(): Promise<void>;
}

/** Test configuration: cheap password hashing, loopback, a fresh temporary data folder. */
export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    synchronous: 'normal',
    clientDir: null,
    seedDemo: true,
    commitWindowMs: 2,
    sendBudgetPerSecond: 50_000,
    commitWindowMaxMs: 25,
    checkpointEvery: 500,
    // Tests count updates between checkpoints; no time floor.
    checkpointMinIntervalMs: 0,
    // Tests see a memo unload as soon as its last holder leaves, unless they ask for a linger.
    memoLingerMs: 0,
    maxMessageBytes: 2 * 1024 * 1024,
    maxJsonBytes: 256 * 1024,
    connectionLimits: { messagesPerSecond: 1000, bytesPerSecond: 4 * 1024 * 1024, maxBufferedBytes: 32 * 1024 * 1024 },
    loginLimits: { burst: 10, perMinute: 5 },
    sessionTtlMs: 3600_000,
    argon2: { memoryCost: 1024, timeCost: 1 },
    log: false,
    ...overrides,
  };
}

/** Folders made by `tempDataDir` in this test file, removed by `removeTempDataDirs`. */
const createdDataDirs: string[] = [];

/**
 * A fresh data folder under the system temp folder. It outlives `stop()` so a
 * test can restart a server on it; the setup file removes it after the test file.
 */
export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-test-'));
  createdDataDirs.push(dir);
  return dir;
}

/**
 * Removes every folder `tempDataDir` made (each run of the suite made hundreds
 * and left them in /tmp), unless ACCORD_KEEP_TEST_DATA is set, to look into a
 * failed test's database.
 */
export function removeTempDataDirs(): void {
  const dirs = createdDataDirs.splice(0);
  if (process.env.ACCORD_KEEP_TEST_DATA) return;
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

/** Starts a server; pass `dataDir` to restart on an existing folder. */
export async function startTestServer(options: { dataDir?: string; config?: Partial<Config> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = createAccordServer(testConfig(dataDir, options.config));
  const url = await server.start();
  const accounts = server.demoAccounts;
  const first = accounts[0]!;
  const cookie = await login(url, first.email, first.password);
  const memos = (await (await fetch(`${url}/api/memos`, { headers: { cookie } })).json()) as Array<{ id: string }>;
  return {
    server,
    url,
    wsUrl: url.replace('http://', 'ws://') + '/sync',
    dataDir,
    accounts,
    demoMemoId: memos[0]!.id,
    stop: () => server.stop(),
  };
}

/** Logs in and returns the Cookie header value to send. */
export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

/** The demo account with this role (and party, if given). */
export function account(ts: TestServer, role: string, party?: string): DemoAccount {
  const found = ts.accounts.find((a) => a.role === role && (party === undefined || a.party === party));
  if (!found) throw new Error(`no demo account ${role} ${party ?? ''}`);
  return found;
}

export async function loginAs(ts: TestServer, role: string, party?: string): Promise<string> {
  const a = account(ts, role, party);
  return login(ts.url, a.email, a.password);
}

/** A `ws` WebSocket class that sends our session cookie (y-websocket's WebSocketPolyfill option). */
export function cookieWebSocket(cookie: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  } as typeof WebSocket;
}

/** An unmodified y-websocket provider, authenticated by cookie. */
export function provider(ts: TestServer, memoId: string, cookie: string, doc = new Y.Doc(), params: Record<string, string> = {}): WebsocketProvider {
  return new WebsocketProvider(ts.wsUrl, memoId, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  });
}

/**
 * Polls until `condition` holds (no fixed sleeps); throws with `what` on timeout. The default
 * timeout is generous because the suite runs files in parallel on a shared 2-core machine: it
 * only matters when the condition never holds.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A raw protocol client: records every message and the close event. */
export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  send(data: Uint8Array | string, options?: { binary?: boolean }): void;
}

export function rawClient(ts: TestServer, memoId: string, cookie: string | null, query = '?accord=1', headers: Record<string, string> = {}): RawClient {
  const ws = new WebSocket(`${ts.wsUrl}/${memoId}${query}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
  const messages: Uint8Array[] = [];
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
  opened.catch(() => undefined);
  return { ws, messages, closed, opened, send: (data, options) => ws.send(data, options ?? {}) };
}

/** Resolves with the HTTP status with which an upgrade is refused (or 101 if accepted). */
export function upgradeStatus(ts: TestServer, memoId: string, cookie: string | null, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${ts.wsUrl}/${memoId}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

/** Runs the y-websocket handshake on an open raw client and returns a replica holding the server's state. */
export async function syncReplica(client: RawClient, doc = new Y.Doc()): Promise<Y.Doc> {
  client.send(step1Frame(doc));
  await waitFor(() => client.messages.some((m) => m[0] === MessageType.sync && m[1] === SyncStep.step2), 'sync step 2');
  applySyncFrames(doc, client.messages);
  return doc;
}
