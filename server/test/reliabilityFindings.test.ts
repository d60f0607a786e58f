/**
 * Server bugs found by the chaos run (scripts/chaos.ts) and the protocol
 * fuzzer (test/fuzz.test.ts), each reduced to a deterministic reproduction.
 * Every test asserts the behaviour the rules require, so it fails until its
 * bug is fixed; each starts its own server because some of these bugs
 * poison the server's state.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoId } from '@accord/shared/ids';
import { readAgreement } from '@accord/shared/memo/agreement';
import { readOutline } from '@accord/shared/memo/ydocLayout';
import { MessageType, SyncStep } from '@accord/shared/protocol/messages';
import { allCookies, capture, clauseText, liveRaw, lockClause, paragraphText, serverDoc, storedDocs, typeAtEnd } from './support/agreement';
import { loginAs, provider, rawClient, startTestServer, waitFor, type TestServer } from './support/testServer';
import { acksIn, applySyncFrames, step1Frame, updateFrame } from './support/yjsFrames';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop().catch(() => undefined);
});
async function fresh(): Promise<TestServer> {
  const ts = await startTestServer();
  servers.push(ts);
  return ts;
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}
const writeId = (e: encoding.Encoder, id: Y.ID): void => {
  encoding.writeVarUint(e, id.client);
  encoding.writeVarUint(e, id.clock);
};

/** The memo as storage rebuilds it must equal the memo in memory; and a checkpoint of memory must load. */
async function memoryMatchesStorage(ts: TestServer): Promise<void> {
  const open = await serverDoc(ts, ts.demoMemoId);
  const { fromLoad } = await storedDocs(ts, ts.demoMemoId);
  expect(() => Y.applyUpdate(new Y.Doc(), Y.encodeStateAsUpdate(open))).not.toThrow();
  expect(Y.decodeStateVector(Y.encodeStateVector(open))).toEqual(Y.decodeStateVector(Y.encodeStateVector(fromLoad)));
  for (const e of readOutline(fromLoad)) {
    if (e.t === 'clause') for (const lang of ['zh', 'en']) expect(clauseText(open, e.id, lang)).toBe(clauseText(fromLoad, e.id, lang));
  }
}

describe('reliability findings', () => {
  /*
   * Bug 1 (SE3, LK1, DU1, DU2). inspectUpdate skips every struct with
   * `clock + length <= state`, which a zero-length item at the current clock
   * (empty ContentAny / ContentString / ContentDeleted) always satisfies.
   * Such an item is never resolved or layout-checked, yet Yjs integrates it,
   * here into the server-only `agreement` map under a locked clause's key.
   * Applying it throws inside Yjs, so the socket closes 4400 ("malformed
   * message"), but the memo in memory is left corrupted:
   * - later edits, even to locked clauses, are applied and neither restored,
   *   stored nor broadcast;
   * - the checkpoint written when the memo unloads cannot be loaded, so the
   *   memo is refused for good (GET /api/memos/:id → 500, sockets → 4503).
   * The frame is 35 bytes.
   */
  it('[SE3][DU2] a zero-length item keyed into `agreement` is refused and the memo stays loadable', async () => {
    const ts = await fresh();
    const cookies = await allCookies(ts);
    const holder = provider(ts, ts.demoMemoId, cookies.observer);
    try {
      await waitFor(() => holder.synced, 'the holder to sync');
      const doc = await serverDoc(ts, ts.demoMemoId);
      const clauseId = readOutline(doc).find((e) => e.t === 'clause')!.id;
      await lockClause(ts, ts.demoMemoId, clauseId, cookies);
      const attacker = rawClient(ts, ts.demoMemoId, cookies.drafterCn);
      await attacker.opened;
      attacker.send(
        updateFrame(
          frame((u) => {
            encoding.writeVarUint(u, 1); // one client
            encoding.writeVarUint(u, 1); // one struct
            encoding.writeVarUint(u, 424242); // client id
            encoding.writeVarUint(u, 0); // clock
            encoding.writeUint8(u, 8 | 0x20); // ContentAny, with a parentSub, no origins
            encoding.writeVarUint(u, 1);
            encoding.writeVarString(u, 'agreement'); // parent: the root map
            encoding.writeVarString(u, clauseId); // key
            encoding.writeVarUint(u, 0); // zero values: length 0
            encoding.writeVarUint(u, 0); // empty delete set
          }),
        ),
      );
      await attacker.closed;
      await memoryMatchesStorage(ts);
      // LK1: the us drafter's edit to the locked clause is undone on the server.
      const editor = await liveRaw(ts, ts.demoMemoId, cookies.drafterUs);
      const before = clauseText(doc, clauseId, 'en');
      editor.raw.send(updateFrame(capture(editor.doc, () => typeAtEnd(editor.doc, clauseId, 'en', ' EDITED-WHILE-LOCKED'))));
      await waitFor(() => editor.notices().length > 0, 'a locked notice');
      expect(clauseText(await serverDoc(ts, ts.demoMemoId), clauseId, 'en')).toBe(before);
      expect(readAgreement(await serverDoc(ts, ts.demoMemoId), clauseId).locked).not.toBeNull();
      editor.raw.ws.close();
    } finally {
      holder.destroy();
    }
    // DU2: the memo unloads and loads again.
    await waitFor(() => ts.server.registry.size === 0, 'the memo to unload');
    const res = await fetch(`${ts.url}/api/memos/${ts.demoMemoId}`, { headers: { cookie: cookies.facilitator } });
    expect(res.status).toBe(200);
  });

  /*
   * Bug 1 again, inside a text fragment. A zero-length ContentDeleted item
   * and a real one-character insert share clock 0 of a fresh client id. The
   * update is refused (close 4400) after Yjs has already integrated the
   * insert into the memo in memory. Nothing is stored, so memory now holds
   * text storage lacks (DU1). Every client that syncs is served it, and it
   * vanishes on restart.
   */
  it('[SE3][DU1] a refused update with a zero-length item leaves nothing in memory that storage lacks', async () => {
    const ts = await fresh();
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const doc = await serverDoc(ts, ts.demoMemoId).catch(() => null);
    const raw = await liveRaw(ts, ts.demoMemoId, cookie);
    const clauseId = readOutline(raw.doc).find((e) => e.t === 'clause')!.id;
    const text = paragraphText(raw.doc, clauseId, 'en');
    const first = text._start!;
    const second = first.length > 1 ? Y.createID(first.id.client, first.id.clock + 1) : first.right!.id;
    raw.raw.send(
      updateFrame(
        frame((u) => {
          encoding.writeVarUint(u, 1);
          encoding.writeVarUint(u, 2); // two structs
          encoding.writeVarUint(u, 535353);
          encoding.writeVarUint(u, 0);
          encoding.writeUint8(u, 1 | 0x80); // ContentDeleted with a left origin…
          writeId(u, first.id);
          encoding.writeVarUint(u, 0); // …of length 0
          encoding.writeUint8(u, 4 | 0x80 | 0x40); // then "x" between the first two characters, also at clock 0
          writeId(u, first.id);
          writeId(u, second);
          encoding.writeVarString(u, 'x');
          encoding.writeVarUint(u, 0);
        }),
      ),
    );
    await Promise.race([raw.raw.closed, new Promise((r) => setTimeout(r, 500))]);
    expect(doc === null || doc === (await serverDoc(ts, ts.demoMemoId))).toBe(true);
    await memoryMatchesStorage(ts);
    raw.raw.ws.close();
  });

  /*
   * Bug 2 (SE3, DU1). A delete range of length 0 passes inspectUpdate (its
   * clock loop never runs), and Yjs then throws while applying the delete
   * set, after it has already integrated the update's structs.
   * - As found: the socket closed 4400 "malformed message", with no notice.
   *   The structs' `update` event had queued them as pending, but the throw
   *   skipped scheduleFlush(). So the refused text sat unstored in memory
   *   (and was served in sync step 2) until the next commit by anyone, which
   *   then stored and broadcast it.
   * - With a fail-safe in MemoDocument (a throw from Y.applyUpdate drops the
   *   memo): nothing is stored, but every peer of the memo is disconnected
   *   (4503).
   * The rule asks for neither: the range must be refused up front, so that
   * only the sender's socket closes, with 4400.
   */
  it('[SE3] an update refused for a zero-length delete range stores and broadcasts nothing', async () => {
    const ts = await fresh();
    const cookies = await allCookies(ts);
    const watcher = provider(ts, ts.demoMemoId, cookies.observer);
    let watcherDrops = 0;
    try {
      await waitFor(() => watcher.synced, 'the watcher to sync');
      watcher.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') watcherDrops += 1;
      });
      const raw = await liveRaw(ts, ts.demoMemoId, cookies.drafterCn);
      const clauseId = readOutline(raw.doc).find((e) => e.t === 'clause')!.id;
      const anchor = paragraphText(raw.doc, clauseId, 'en')._start!.id;
      const rowsBefore = (await storedDocs(ts, ts.demoMemoId)).rows;
      raw.raw.send(
        updateFrame(
          frame((u) => {
            encoding.writeVarUint(u, 1);
            encoding.writeVarUint(u, 1);
            encoding.writeVarUint(u, 646464);
            encoding.writeVarUint(u, 0);
            encoding.writeUint8(u, 4 | 0x80); // "REFUSED-BUT-STORED" after the first character
            writeId(u, anchor);
            encoding.writeVarString(u, 'REFUSED-BUT-STORED');
            encoding.writeVarUint(u, 1); // delete set: one client
            encoding.writeVarUint(u, 646465);
            encoding.writeVarUint(u, 1);
            encoding.writeVarUint(u, 0); // clock 0 …
            encoding.writeVarUint(u, 0); // … length 0
          }),
        ),
      );
      const closed = await raw.raw.closed;
      expect(closed.code, 'refused up front, not by dropping the memo (4503 disconnects every peer)').toBe(4400);
      // Someone else's legitimate edit commits whatever the server holds.
      const other = await liveRaw(ts, ts.demoMemoId, cookies.drafterUs);
      other.raw.send(updateFrame(capture(other.doc, () => typeAtEnd(other.doc, clauseId, 'zh', '。'))));
      await waitFor(() => other.ackedClock() >= other.localClock(), 'the legitimate edit to be acknowledged');
      await waitFor(() => clauseText(watcher.doc, clauseId, 'zh').endsWith('。'), 'the watcher to see it');
      expect((await storedDocs(ts, ts.demoMemoId)).rows).toBe(rowsBefore + 1);
      expect(clauseText((await storedDocs(ts, ts.demoMemoId)).fromLog, clauseId, 'en')).not.toContain('REFUSED-BUT-STORED');
      expect(clauseText(watcher.doc, clauseId, 'en')).not.toContain('REFUSED-BUT-STORED');
      expect(watcherDrops, 'other peers are not disconnected').toBe(0);
      other.raw.ws.close();
    } finally {
      watcher.destroy();
    }
  });

  /*
   * Bug 2b (SE3), same consequence as bug 2, other trigger. An item whose
   * origin or right origin is a later clock of its own client (a forward
   * reference, which Yjs never produces) passes inspectUpdate, because the
   * target is in the same update. Yjs skips its missing-dependency check for
   * same-client origins, so integration crashes with `TypeError: Cannot read
   * properties of undefined (reading 'id')` in findIndexSS. By then the
   * structs of higher client ids in the same update are already integrated:
   * the socket is closed 4400, but the memo in memory has changed.
   */
  it('[SE3] an update with a same-client forward reference is refused before anything of it is applied', async () => {
    const ts = await fresh();
    const raw = await liveRaw(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
    const clauseId = readOutline(raw.doc).find((e) => e.t === 'clause')!.id;
    const anchor = paragraphText(raw.doc, clauseId, 'en')._start!.id;
    const before = Y.encodeStateVector(await serverDoc(ts, ts.demoMemoId));
    raw.raw.send(
      updateFrame(
        frame((u) => {
          encoding.writeVarUint(u, 2); // two clients, integrated highest id first
          encoding.writeVarUint(u, 1);
          encoding.writeVarUint(u, 900001);
          encoding.writeVarUint(u, 0);
          encoding.writeUint8(u, 4 | 0x80); // a valid insert
          writeId(u, anchor);
          encoding.writeVarString(u, 'PARTIAL');
          encoding.writeVarUint(u, 2);
          encoding.writeVarUint(u, 900000);
          encoding.writeVarUint(u, 0);
          encoding.writeUint8(u, 4 | 0x80 | 0x40); // "ab" at clock 0, right origin 900000:3 (later in the same update)
          writeId(u, anchor);
          writeId(u, Y.createID(900000, 3));
          encoding.writeVarString(u, 'ab');
          encoding.writeUint8(u, 4 | 0x80); // "cd" at clocks 2–3
          writeId(u, anchor);
          encoding.writeVarString(u, 'cd');
          encoding.writeVarUint(u, 0);
        }),
      ),
    );
    await Promise.race([raw.raw.closed, new Promise((r) => setTimeout(r, 500))]);
    const after = await serverDoc(ts, ts.demoMemoId);
    expect(clauseText(after, clauseId, 'en')).not.toContain('PARTIAL');
    expect(Y.decodeStateVector(Y.encodeStateVector(after))).toEqual(Y.decodeStateVector(before));
    raw.raw.ws.close();
  });

  /*
   * Bug 3 (DU1, seen 1–2 times per 10-kill chaos run). After any offline
   * period (a server restart, a network drop), a y-websocket client that
   * types between the socket opening and its handling of the server's sync
   * step 1 sends a live update before its sync step 2. That update continues
   * clocks the server does not have yet, and is refused ("update depends on
   * changes the server does not have", close 4400). y-websocket treats
   * 4400–4499 as final and stops reconnecting, so the offline edits and the
   * keystroke never reach the server, and the person sees a permanent
   * error. A y-websocket server keeps such updates pending until the step 2
   * arrives; Accord could do the same, or answer with a transient code.
   */
  it('[DU1] a y-websocket client that types during the reconnect handshake after offline edits keeps syncing', async () => {
    const ts = await fresh();
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const doc = new Y.Doc();
    const p = provider(ts, ts.demoMemoId, cookie, doc, { accord: '1' });
    try {
      await waitFor(() => p.synced, 'the provider to sync');
      const clauseId = readOutline(doc).find((e) => e.t === 'clause')!.id;
      let closedForGood: { code: number; reason: string } | null = null;
      p.on('closed', (event: { code: number; reason: string }) => (closedForGood = event));
      p.disconnect();
      typeAtEnd(doc, clauseId, 'en', ' OFFLINE');
      let typed = false;
      p.on('status', ({ status }: { status: string }) => {
        // A keystroke in the first moment after the socket opens.
        if (status === 'connected' && !typed) {
          typed = true;
          typeAtEnd(doc, clauseId, 'en', ' HANDSHAKE');
        }
      });
      p.connect();
      await waitFor(async () => {
        const open = await ts.server.registry.peek(ts.demoMemoId as MemoId);
        return closedForGood !== null || (open !== null && clauseText(open.doc, clauseId, 'en').includes('HANDSHAKE'));
      }, 'the edits to reach the server (or the provider to give up)');
      expect(closedForGood).toBeNull();
      const server = await serverDoc(ts, ts.demoMemoId);
      expect(clauseText(server, clauseId, 'en')).toContain('OFFLINE');
    } finally {
      p.destroy();
    }
  });

  /*
   * Bug 4 (DU1, "Saved" never shown). An ack is sent only on the socket
   * that carried the update, and only for client ids present in that
   * connection's updates. If the socket drops after the server stored the
   * edit but before the ack arrived, the client reconnects and its sync
   * step 2 has nothing new under its client id. The new connection's ack is
   * then `{}`, so the client never learns its edit is stored and shows
   * "Saving…" (and warns on leaving) until it types again. Fix: on a peer's
   * sync step 1 or step 2, ack the stored clocks of the client ids in its
   * state vector that the client-id registry says belong to its user.
   */
  it('[DU1] an ack lost with a dropped socket is given on the next connection', async () => {
    const ts = await fresh();
    const cookie = await loginAs(ts, 'drafter', 'us');
    const first = await liveRaw(ts, ts.demoMemoId, cookie);
    const doc = first.doc;
    const clauseId = readOutline(doc).find((e) => e.t === 'clause')!.id;
    first.raw.send(updateFrame(capture(doc, () => typeAtEnd(doc, clauseId, 'en', ' STORED-BUT-UNACKED'))));
    first.raw.ws.terminate(); // the ack, if any, dies with the socket
    await waitFor(async () => clauseText((await storedDocs(ts, ts.demoMemoId)).fromLog, clauseId, 'en').includes('STORED-BUT-UNACKED'), 'the edit to be stored');

    // Reconnect like y-websocket: step 1, and step 2 in answer to the server's step 1.
    const second = rawClient(ts, ts.demoMemoId, cookie);
    second.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== MessageType.sync || decoding.readVarUint(d) !== SyncStep.step1) return;
      const sv = decoding.readVarUint8Array(d);
      second.send(
        frame((e) => {
          encoding.writeVarUint(e, MessageType.sync);
          encoding.writeVarUint(e, SyncStep.step2);
          encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, sv));
        }),
      );
    });
    await second.opened;
    second.send(step1Frame(doc));
    await waitFor(() => second.messages.some((m) => m[0] === MessageType.sync && m[1] === SyncStep.step2), 'sync step 2');
    applySyncFrames(doc, second.messages);
    const local = Y.getState(doc.store, doc.clientID);
    await waitFor(() => acksIn(second.messages).some((a) => (a.stored.get(doc.clientID) ?? 0) >= local), 'an ack covering the stored edit', 2000);
    second.ws.close();
  });
});
