/**
 * Child-process entry of the benchmarks: runs ONE server so that its CPU time
 * and heap can be read on its own (the load generator lives in the parent).
 *
 *   tsx bench/support/benchServer.ts accord   # Accord: auth, lock check, durable SQLite commit, acks
 *   tsx bench/support/benchServer.ts stock    # the stock @y/websocket-server 0.1.1 (in-memory, no checks)
 *
 * Talks to the parent over the IPC channel: sends `{ type: 'ready', port, ... }`
 * once listening, answers `{ type: 'usage' }` with process.cpuUsage() and
 * memoryUsage(), and stops cleanly on `{ type: 'stop' }`.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { configFromEnv } from '../../src/config';
import { createAccordServer } from '../../src/server';

/** What the child reports when asked for its usage. */
export interface ServerUsage {
  type: 'usage';
  cpuUserMicros: number;
  cpuSystemMicros: number;
  heapUsedBytes: number;
  rssBytes: number;
  /** Event-loop delay since the previous usage report (ms): a blocked loop delays every socket. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** The first message of the child: where it listens, and the demo accounts (Accord only). */
export interface ServerReady {
  type: 'ready';
  port: number;
  dataDir: string | null;
  accounts: Array<{ email: string; password: string; role: string; party: string | null }>;
}

type ParentMessage = { type: 'usage' } | { type: 'stop' } | { type: 'gc' };

const kind = process.argv[2];
if (kind !== 'accord' && kind !== 'stock') throw new Error('usage: benchServer.ts accord|stock');
if (!process.send) throw new Error('benchServer.ts must be started with an IPC channel (child_process.fork)');
const send = (m: ServerReady | ServerUsage | { type: 'stopped' }): void => void process.send!(m);

let stop: () => Promise<void>;
if (kind === 'accord') {
  const dataDir = process.env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-'));
  const config = { ...configFromEnv({ ...process.env, DATA_DIR: dataDir }), port: 0, host: '127.0.0.1', clientDir: null, log: false };
  config.argon2 = { memoryCost: 1024, timeCost: 1 };
  const server = createAccordServer(config);
  const url = await server.start();
  stop = async () => {
    await server.stop();
    if (!process.env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  send({
    type: 'ready',
    port: Number(new URL(url).port),
    dataDir,
    accounts: server.demoAccounts.map((a) => ({ email: a.email, password: a.password, role: a.role, party: a.party ?? null })),
  });
} else {
  // Exactly what `y-websocket-server` (src/server.js of the package) does, on a free port.
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', setupWSConnection);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('okay');
  });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stop = async () => {
    for (const ws of wss.clients) ws.terminate();
    await new Promise((resolve) => server.close(resolve));
  };
  send({ type: 'ready', port: (server.address() as AddressInfo).port, dataDir: null, accounts: [] });
}

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const usage = (): ServerUsage => {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const report: ServerUsage = {
    type: 'usage', cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system, heapUsedBytes: mem.heapUsed, rssBytes: mem.rss,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6,
  };
  loopDelay.reset();
  return report;
};

process.on('message', (m: ParentMessage) => {
  if (m.type === 'usage') {
    send(usage());
  } else if (m.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    send(usage());
  } else if (m.type === 'stop') {
    void stop().then(() => {
      send({ type: 'stopped' });
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
