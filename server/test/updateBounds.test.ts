/**
 * SE3 / DU1: update bounds the protocol fuzzer (test/fuzz.test.ts) still
 * broke after commit 4461e66. Each test asserts what the rules require, so it
 * fails until its bug is fixed.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { clauseText, liveRaw, serverDoc, storedDocs } from './support/agreement';
import { loginAs, provider, startTestServer, waitFor, type TestServer } from './support/testServer';
import { updateFrame } from './support/yjsFrames';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop().catch(() => undefined);
});

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** One client's structs: a paragraph element at clock 0 directly in the demo memo's first clause (English). */
function paragraphAtRoot(u: encoding.Encoder, client: number, structs: number): void {
  encoding.writeVarUint(u, 1); // one client
  encoding.writeVarUint(u, structs);
  encoding.writeVarUint(u, client);
  encoding.writeVarUint(u, 0); // first clock
  encoding.writeUint8(u, 7); // ContentType, parent named by root
  encoding.writeVarUint(u, 1);
  encoding.writeVarString(u, 'clause:preamble-1:en');
  encoding.writeVarUint(u, 3); // Y.XmlElement …
  encoding.writeVarString(u, 'paragraph'); // … <paragraph>
}

describe('update bounds', () => {
  /*
   * inspectUpdate checks forward references only for structs the document
   * does not have yet (in resolveNew). Yjs, though, calls Item.getMissing on
   * every decoded struct, known ones too. For a same-client parent, origin or
   * right origin it skips its own check and calls getItem on the missing
   * clock, which throws `Cannot read properties of undefined (reading 'id')`.
   * The memo is then dropped from memory, and every peer is disconnected
   * (4503): any editor can do this at will. The structural checks (length,
   * forward references, clock range) belong in the loop over all decoded
   * structs, before "structs the document already has are ignored".
   */
  it('[SE3] a forward reference in an already-known struct is refused; other peers stay connected', async () => {
    const ts = await startTestServer();
    servers.push(ts);
    const watcher = provider(ts, ts.demoMemoId, await loginAs(ts, 'observer'));
    let watcherDrops = 0;
    try {
      await waitFor(() => watcher.synced, 'the watcher to sync');
      watcher.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') watcherDrops += 1;
      });
      const attacker = await liveRaw(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
      // 1. A legitimate paragraph under a fresh client id (accepted: clock 0 is now known).
      attacker.raw.send(updateFrame(frame((u) => {
        paragraphAtRoot(u, 777001, 1);
        encoding.writeVarUint(u, 0);
      })));
      await waitFor(() => attacker.ackedClock() >= 0 && (ts.server.registry.size > 0), 'the paragraph to be handled');
      await waitFor(async () => Y.getState((await serverDoc(ts, ts.demoMemoId)).store, 777001) === 1, 'the paragraph to be applied');
      // 2. The same clock again, now with a parent that is a later clock of its own client.
      attacker.raw.send(updateFrame(frame((u) => {
        encoding.writeVarUint(u, 1);
        encoding.writeVarUint(u, 1);
        encoding.writeVarUint(u, 777001);
        encoding.writeVarUint(u, 0);
        encoding.writeUint8(u, 7); // ContentType, parent by id
        encoding.writeVarUint(u, 0);
        encoding.writeVarUint(u, 777001);
        encoding.writeVarUint(u, 5); // parent 777001:5 — later than the item itself
        encoding.writeVarUint(u, 3);
        encoding.writeVarString(u, 'paragraph');
        encoding.writeVarUint(u, 0);
      })));
      const closed = await attacker.raw.closed;
      await new Promise((r) => setTimeout(r, 200));
      expect(closed.code, 'refused up front, not by dropping the memo (4503 disconnects every peer)').toBe(4400);
      expect(watcherDrops, 'other peers are not disconnected').toBe(0);
    } finally {
      watcher.destroy();
    }
  });

  /*
   * Clocks are JavaScript numbers, exact only up to 2^53. A ContentDeleted
   * item (no content to send, any length) lets one frame move a client's
   * clock to 2^53−1, and the next item goes past it. Clock arithmetic then
   * rounds: in the fuzzer's run, the memo in memory and the memo rebuilt
   * from storage disagreed on a struct's length by one. Refuse any struct or
   * delete range whose clock + length exceeds a sane bound (2^32 is far
   * beyond any real document).
   */
  it('[SE3][DU1] clocks beyond 2^53 are refused', async () => {
    const ts = await startTestServer();
    servers.push(ts);
    const attacker = await liveRaw(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
    const X = 777002;
    // A paragraph, then a deleted run of 2^53 − 2 clocks beside it: X's clock becomes 2^53 − 1.
    attacker.raw.send(updateFrame(frame((u) => {
      paragraphAtRoot(u, X, 2);
      encoding.writeUint8(u, 1 | 0x80); // ContentDeleted with a left origin
      encoding.writeVarUint(u, X);
      encoding.writeVarUint(u, 0);
      encoding.writeVarUint(u, 2 ** 53 - 2);
      encoding.writeVarUint(u, 0);
    })));
    // Text inside the paragraph at clock 2^53 − 1: its end is 2^53 + 1, which a double cannot hold.
    attacker.raw.send(updateFrame(frame((u) => {
      encoding.writeVarUint(u, 1);
      encoding.writeVarUint(u, 1);
      encoding.writeVarUint(u, X);
      encoding.writeVarUint(u, 2 ** 53 - 1);
      encoding.writeUint8(u, 4); // ContentString, parent by id
      encoding.writeVarUint(u, 0);
      encoding.writeVarUint(u, X);
      encoding.writeVarUint(u, 0);
      encoding.writeVarString(u, 'ab');
      encoding.writeVarUint(u, 0);
    })));
    await Promise.race([attacker.raw.closed, new Promise((r) => setTimeout(r, 500))]);
    const memory = await serverDoc(ts, ts.demoMemoId);
    expect(Y.getState(memory.store, X)).toBeLessThanOrEqual(2 ** 32);
    const { fromLoad } = await storedDocs(ts, ts.demoMemoId);
    expect(Y.getState(fromLoad.store, X)).toBe(Y.getState(memory.store, X));
    expect(clauseText(fromLoad, 'preamble-1', 'en')).toBe(clauseText(memory, 'preamble-1', 'en'));
  });
});
