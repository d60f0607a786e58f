import WebSocket from 'ws';
import { afterAll, beforeAll, it } from 'vitest';
import { loginAs, provider, startTestServer, waitFor, type TestServer } from './support/testServer';

let ts: TestServer;
beforeAll(async () => { ts = await startTestServer(); });
afterAll(async () => { await ts.stop(); });

it('socket lifecycle cost', async () => {
  const cookie = await loginAs(ts, 'drafter', 'cn');
  const m = provider(ts, ts.demoMemoId, await loginAs(ts, 'facilitator'));
  await waitFor(() => m.synced, 's');
  for (const par of [1, 12]) {
    const t0 = Date.now(); let n = 0; let tOpen = 0, tClose = 0;
    await Promise.all(Array.from({ length: par }, async () => {
      for (let i = 0; i < 200 / par * 2; i++) {
        const a = Date.now();
        const ws = new WebSocket(`${ts.wsUrl}/${ts.demoMemoId}?accord=1`, { headers: { cookie }, perMessageDeflate: false });
        await new Promise((r) => ws.once('open', r));
        const b = Date.now(); tOpen += b - a;
        ws.send(new Uint8Array([0xff]));
        await new Promise((r) => ws.once('close', r));
        tClose += Date.now() - b; n++;
      }
    }));
    console.log(par, 'sockets/s', (n / ((Date.now() - t0) / 1000)).toFixed(0), 'avg open ms', (tOpen / n).toFixed(1), 'avg close ms', (tClose / n).toFixed(1));
  }
  m.destroy();
});
