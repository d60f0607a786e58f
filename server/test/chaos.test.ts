/**
 * DU1 / DU2: crash durability against the real server process.
 *
 * The short CI form of scripts/chaos.ts. It runs 20 raw protocol clients
 * typing markers, SIGKILLs the server 3 times at seeded random moments
 * (0.3–1 s apart) and restarts it on the same data folder. It checks:
 * - no acknowledged edit is ever missing from storage;
 * - every client converges with the server;
 * - `PRAGMA integrity_check` is ok;
 * - no marker is stored twice.
 * A second case kills the server right after a tab that got its ack has
 * died.
 *
 *   npx vitest run test/chaos.test.ts                  (ACCORD_SEED=<n> to replay a seed)
 *   tsx scripts/chaos.ts --kills 10 --seconds-between 0.5,2                       the short manual form (< 1 min)
 *   tsx scripts/chaos.ts --kills 200 --seconds-between 0.2,5 --clients 40         a long run
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChaosClient, ServerProcess, fetchServerDoc, firstMemoId, freePort, login, markerCounts, readStoredMemo, runChaos, sleep } from '../scripts/chaos';
import { testSeed } from './support/random';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('crash durability', () => {
  it('[DU1][DU2] SIGKILL chaos: no acknowledged edit lost, clients converge, storage intact, no duplicates', async () => {
    const seed = testSeed();
    const lines: string[] = [];
    const summary = await runChaos({ kills: 10, secondsBetween: [0.3, 1], clients: 20, seed, convergeTimeoutMs: 15_000, log: (l) => lines.push(l) });
    console.log(`chaos summary: ${JSON.stringify(summary)}`);
    const context = `seed ${seed}\n${lines.join('\n')}\n${JSON.stringify(summary, null, 2)}`;
    expect(summary.editsAcked, context).toBeGreaterThan(0);
    expect(summary.ackedButLost, context).toBe(0);
    expect(summary.converged, context).toBe(true);
    expect(summary.integrity, context).toBe('ok');
    expect(summary.duplicates, context).toBe(0);
    expect(summary.missingAtEnd, context).toBe(0);
    expect(summary.checkpointMatchesLog, context).toBe(true);
    expect(summary.violations, context).toEqual([]);
  }, 300_000);

  it('[DU1] a tab that dies right after an acknowledgement: the acknowledged text survives a SIGKILL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-tab-dies-'));
    const server = new ServerProcess(dataDir, await freePort());
    cleanups.push(async () => {
      await server.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await server.start();
    const drafter = server.accounts().find((a) => a.role === 'drafter')!;
    const cookie = await login(server.baseUrl, drafter.email, drafter.password);
    const memoId = await firstMemoId(server.baseUrl, cookie);
    const tab = new ChaosClient('tab', `${server.wsUrl}/sync/${memoId}?accord=1`, cookie, { reconnect: false, seed: testSeed() });
    tab.connect();
    const deadline = Date.now() + 10_000;
    while (!tab.synced && Date.now() < deadline) await sleep(10);
    expect(tab.synced).toBe(true);

    // Types a few edits; waits only for the ack of the last one, then dies without another byte.
    const edits = Array.from({ length: 5 }, () => tab.type()!);
    const last = edits[edits.length - 1]!;
    while (last.ackedAt === null && Date.now() < deadline) await sleep(2);
    expect(last.ackedAt).not.toBeNull();
    tab.terminate();
    await server.kill();

    // Storage as the dead server left it…
    const stored = readStoredMemo(server.databaseFile, memoId);
    const counts = markerCounts(stored.doc);
    expect(stored.integrity).toEqual(['ok']);
    for (const e of edits) expect(counts.get(e.marker), e.marker).toBe(1);
    stored.doc.destroy();

    // …and as the restarted server serves it.
    await server.start();
    const served = await fetchServerDoc(server.wsUrl, memoId, cookie);
    const servedCounts = markerCounts(served);
    for (const e of edits) expect(servedCounts.get(e.marker), e.marker).toBe(1);
    served.destroy();
    expect(await server.stop()).toBe(true);
  }, 60_000);
});
