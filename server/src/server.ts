import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { LoginThrottle } from './limits/LoginThrottle';
import { SessionService } from './auth/SessionService';
import type { Config } from './config';
import { authRoutes } from './http/authRoutes';
import { errorHandler, sendError } from './http/errors';
import { agreementRoutes } from './http/agreementRoutes';
import { exportRoutes } from './http/exportRoutes';
import { importRoutes } from './http/importRoutes';
import { ImportService } from './import/ImportService';
import { ExportService } from './export/ExportService';
import { memoRoutes } from './http/memoRoutes';
import { historyRoutes } from './http/historyRoutes';
import { HistoryService } from './history/HistoryService';
import { AgreementService } from './signoff/AgreementService';
import { sameOrigin } from './http/sameOrigin';
import { ensureDemo, type DemoAccount } from './memo/demoSetup';
import { MemoService } from './memo/MemoService';
import { SqliteStorage } from './storage/SqliteStorage';
import type { Storage } from './storage/Storage';
import { DocumentRegistry } from './sync/DocumentRegistry';
import { SyncServer } from './sync/SyncServer';
import { ErrorCode } from '@accord/shared/protocol/errors';

/** A running (or ready to run) Accord server; tests start several on port 0. */
export interface AccordServer {
  readonly storage: Storage;
  readonly registry: DocumentRegistry;
  readonly sync: SyncServer;
  readonly memos: MemoService;
  readonly agreement: AgreementService;
  readonly history: HistoryService;
  /** Demo accounts created or found on start (empty when demo seeding is off). */
  demoAccounts: DemoAccount[];
  /** Starts listening; resolves with the base URL. */
  start(): Promise<string>;
  /** Closes sockets, commits and unloads open memos, closes storage; `log` hears each step (the CLI prints them). */
  stop(log?: (line: string) => void): Promise<void>;
}

/**
 * The client's Content-Security-Policy: scripts only from our origin (no
 * inline script, no eval), connections only to our origin (API and sync
 * socket), no plugins, no framing. Inline styles stay allowed: the editor's
 * remote carets and selections are coloured through style attributes.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not upgrade-insecure-requests: a plain-HTTP deployment (localhost) would have its sync socket upgraded to wss and fail.
  upgradeInsecureRequests: null,
};

/** The SQLite file inside a data folder. */
export const databaseFile = (dataDir: string): string => path.join(dataDir, 'accord.sqlite');

/**
 * Composition root: wires storage, sessions, the document registry, the HTTP
 * API and the sync socket into one HTTP server. Nothing here is global, so
 * every call makes an independent server.
 */
export function createAccordServer(config: Config, storage: Storage = new SqliteStorage({ file: databaseFile(config.dataDir), synchronous: config.synchronous })): AccordServer {
  const sessions = new SessionService(storage, config.sessionTtlMs);
  const registry = new DocumentRegistry(
    storage,
    {
      commitWindowMs: config.commitWindowMs,
      commitWindowMaxMs: config.commitWindowMaxMs,
      sendBudgetPerSecond: config.sendBudgetPerSecond,
      checkpointEvery: config.checkpointEvery,
      checkpointMinIntervalMs: config.checkpointMinIntervalMs,
    },
    config.memoLingerMs,
  );
  const memos = new MemoService(storage, registry);
  const sync = new SyncServer(storage, sessions, registry, config.maxMessageBytes, config.connectionLimits);
  const agreement = new AgreementService(storage, registry);
  const exports = new ExportService(storage, registry);
  const imports = new ImportService(storage, memos, registry);
  const history = new HistoryService(storage, registry);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY }, crossOriginEmbedderPolicy: false }));
  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/api', express.json({ limit: config.maxJsonBytes, strict: true }));
  app.use('/api', sameOrigin);
  const throttle = new LoginThrottle(config.loginLimits.burst, config.loginLimits.perMinute);
  app.use(authRoutes(storage, sessions, config.argon2, throttle, (hash) => sync.sessionEnded(hash)));
  app.use(
    memoRoutes(storage, sessions, memos, (memoId, userId) => {
      sync.membershipChanged(memoId, userId).catch((error: unknown) => console.error('membership change:', error));
    }),
  );
  app.use(agreementRoutes(storage, sessions, memos, agreement));
  app.use(exportRoutes(sessions, memos, exports, history));
  app.use(importRoutes(sessions, memos, imports));
  app.use(historyRoutes(sessions, memos, history));
  app.use('/api', (_req, res) => sendError(res, ErrorCode.notFound, 'no such endpoint'));
  if (config.clientDir && fs.existsSync(path.join(config.clientDir, 'index.html'))) {
    const indexHtml = path.join(config.clientDir, 'index.html');
    app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/, /login, /memos/:id) all get the single-page app.
    app.get(/^\/(?!api\/|sync\/).*/, (_req, res) => res.sendFile(indexHtml));
  }
  app.use(errorHandler);

  const server = http.createServer(app);
  server.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));

  const instance: AccordServer = {
    storage,
    registry,
    sync,
    memos,
    agreement,
    history,
    demoAccounts: [],
    async start() {
      if (config.seedDemo) instance.demoAccounts = await ensureDemo(storage, memos, config.dataDir, config.argon2);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return `http://${host}:${port}`;
    },
    async stop(log) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await sync.closeAll();
      // Never hang a shutdown on a stuck peer: commits and checkpoints below matter more.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      log?.('shutdown: sockets closed; committing and checkpointing open memos');
      await registry.closeAll();
      log?.('shutdown: memos stored; closing storage');
      await storage.close();
      log?.('shutdown: storage closed');
    },
  };
  return instance;
}
