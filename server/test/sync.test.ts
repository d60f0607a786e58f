import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { clauseHash } from '@accord/shared/memo/hash';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import type { MemoId, UserId } from '@accord/shared/ids';
import { MessageType, SyncStep } from '@accord/shared/protocol/messages';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import type { Config } from '../src/config';
import type { DocumentPeer, MemoDocument } from '../src/sync/MemoDocument';
import { storedStateMessages } from '../src/sync/StoredStatePush';
import { acksIn, applySyncFrames, noticesIn, step1Frame, updateFrame } from './support/yjsFrames';
import { loginAs, provider, rawClient, startTestServer, upgradeStatus, waitFor, type TestServer, syncReplica } from './support/testServer';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function server(dataDir?: string, config?: Partial<Config>): Promise<TestServer> {
  const ts = await startTestServer({ ...(dataDir ? { dataDir } : {}), ...(config ? { config } : {}) });
  cleanup.push(() => ts.stop());
  return ts;
}

function track(p: WebsocketProvider): WebsocketProvider {
  cleanup.push(() => p.destroy());
  return p;
}

/** The sync step of a sync message, or null for any other message. */
function syncStep(message: Uint8Array): SyncStep | null {
  const d = decoding.createDecoder(message);
  return decoding.readVarUint(d) === MessageType.sync ? (decoding.readVarUint(d) as SyncStep) : null;
}

function syncPayload(message: Uint8Array): Uint8Array {
  const d = decoding.createDecoder(message);
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  return decoding.readVarUint8Array(d);
}

/** The server's document once everything applied to it is stored. */
async function serverDocAfterCommit(doc: MemoDocument): Promise<Y.Doc> {
  await doc.whenCommitted();
  return doc.doc;
}

const synced = (p: WebsocketProvider): Promise<void> => waitFor(() => p.synced, 'provider synced');
const text = (doc: Y.Doc, clause: string, lang: string): string => fragmentToPlainText(getClauseText(doc, clause, lang));

/** Appends text at the end of a clause's first paragraph, the way an editor would. */
function typeInto(doc: Y.Doc, clause: string, lang: string, s: string): void {
  const paragraph = getClauseText(doc, clause, lang).get(0) as Y.XmlElement;
  const t = paragraph.get(0) as Y.XmlText;
  t.insert(t.length, s);
}

describe('live co-drafting through the sync server', () => {
  it('an unmodified y-websocket client syncs the demo memo', async () => {
    const ts = await server();
    const cookie = await loginAs(ts, 'signatory', 'cn');
    const doc = new Y.Doc();
    const p = track(provider(ts, ts.demoMemoId, cookie, doc));
    await synced(p);
    expect(readOutline(doc).filter((e) => e.t === 'clause').length).toBeGreaterThanOrEqual(12);
    expect(text(doc, 'preamble-1', 'en').length).toBeGreaterThan(20);
    expect(text(doc, 'preamble-1', 'zh')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('two clients of different parties converge, and the server holds the same clause hash [CL1]', async () => {
    const ts = await server();
    const a = new Y.Doc();
    const b = new Y.Doc();
    const pa = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'), a));
    const pb = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'), b));
    await Promise.all([synced(pa), synced(pb)]);
    typeInto(a, 'status-1', 'zh', '甲方补充。');
    typeInto(b, 'status-1', 'en', ' Added by B.');
    await waitFor(() => text(a, 'status-1', 'en').endsWith('Added by B.') && text(b, 'status-1', 'zh').endsWith('甲方补充。'), 'convergence');
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
    const cookie = await loginAs(ts, 'observer');
    await waitFor(async () => {
      const detail = (await (await fetch(`${ts.url}/api/memos/${ts.demoMemoId}`, { headers: { cookie } })).json()) as {
        sections: Array<{ clauses: Array<{ id: string; hash: string }>; subsections: unknown[] }>;
      };
      const clause = detail.sections.flatMap((s) => s.clauses).find((c) => c.id === 'status-1');
      return clause?.hash === clauseHash(a, 'status-1', ['zh', 'en']);
    }, 'server hash equals client hash');
  });

  it('[SE1] refuses upgrades without a session, from non-members and for unknown memos', async () => {
    const ts = await server();
    expect(await upgradeStatus(ts, ts.demoMemoId, null)).toBe(401);
    expect(await upgradeStatus(ts, ts.demoMemoId, 'accord_session=forged')).toBe(401);
    const cookie = await loginAs(ts, 'signatory', 'cn');
    expect(await upgradeStatus(ts, 'nosuchmemo', cookie)).toBe(404);
    const created = (await (
      await fetch(`${ts.url}/api/memos`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Private', myRole: 'signatory', myPartyId: 'a' }),
      })
    ).json()) as { id: string };
    expect(await upgradeStatus(ts, created.id, await loginAs(ts, 'drafter', 'us'))).toBe(403);
    expect(await upgradeStatus(ts, created.id, cookie)).toBe(101);
    expect(await upgradeStatus(ts, ts.demoMemoId, cookie, { origin: 'http://evil.example' })).toBe(403);
  });

  it("[SE1] an observer's update is refused, not stored and not broadcast", async () => {
    const ts = await server();
    const watcherDoc = new Y.Doc();
    const watcher = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'), watcherDoc));
    await synced(watcher);
    const before = (await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6)).length;

    const observer = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'observer'));
    cleanup.push(() => observer.ws.terminate());
    await observer.opened;
    const replica = await syncReplica(observer);
    let update: Uint8Array | null = null;
    replica.on('update', (u: Uint8Array) => (update = u));
    typeInto(replica, 'status-1', 'en', ' OBSERVER WAS HERE');
    observer.send(updateFrame(update!));
    await waitFor(() => noticesIn(observer.messages).length > 0, 'refusal notice');
    expect(noticesIn(observer.messages)[0]!.code).toBe('forbidden');

    // A legitimate edit after it still flows, and the observer's never arrives.
    const editor = new Y.Doc();
    const ep = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'), editor));
    await synced(ep);
    typeInto(editor, 'status-2', 'en', ' legit');
    await waitFor(() => text(watcherDoc, 'status-2', 'en').includes(' legit'), 'legit edit broadcast');
    expect(text(watcherDoc, 'status-1', 'en')).not.toContain('OBSERVER');
    const stored = await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6);
    expect(stored.length).toBe(before + 1);
  });

  it('[DU1] acknowledges an edit only after it is stored, with the stored clock of the writer', async () => {
    const ts = await server();
    const client = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
    cleanup.push(() => client.ws.terminate());
    await client.opened;
    const doc = await syncReplica(client);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    typeInto(doc, 'future-1', 'en', ' ack me');
    client.send(updateFrame(updates[0]!));
    await waitFor(() => acksIn(client.messages).length > 0, 'ack');
    const ack = acksIn(client.messages)[0]!;
    const localClock = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID);
    expect(ack.stored.get(doc.clientID)).toBe(localClock);
    // It is in storage the moment the ack is out.
    const stored = await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6);
    const rebuilt = new Y.Doc();
    for (const u of stored) Y.applyUpdate(rebuilt, u.update);
    expect(text(rebuilt, 'future-1', 'en').endsWith(' ack me')).toBe(true);
    expect(stored[stored.length - 1]!.userId).toBeTruthy();
    expect(stored[stored.length - 1]!.partyId).toBe('cn');
  });

  it('[DU1] a writer gets its own stored edits back as an acknowledgement only; others get the edit; a batch with other writers\' edits goes to everyone', async () => {
    // A long commit window, so that two writers' edits sent together land in one batch.
    const ts = await server(undefined, { commitWindowMs: 150, commitWindowMaxMs: 150 });
    const writer = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
    const other = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'));
    cleanup.push(() => writer.ws.terminate(), () => other.ws.terminate());
    await Promise.all([writer.opened, other.opened]);
    const [mine, theirs] = await Promise.all([syncReplica(writer), syncReplica(other)]);
    const updatesAfter = (client: typeof writer, from: number) => client.messages.slice(from).filter((m) => syncStep(m) === SyncStep.update);
    const edit = (doc: Y.Doc, clause: string, s: string): Uint8Array => {
      let update: Uint8Array | null = null;
      const keep = (u: Uint8Array): void => void (update = u);
      doc.on('update', keep);
      typeInto(doc, clause, 'en', s);
      doc.off('update', keep);
      return update!;
    };

    // Alone: the writer hears only the ack; the other window receives the edit.
    let writerFrom = writer.messages.length;
    let otherFrom = other.messages.length;
    writer.send(updateFrame(edit(mine, 'future-1', ' alone')));
    await waitFor(() => acksIn(writer.messages.slice(writerFrom)).length > 0, 'ack');
    await waitFor(() => updatesAfter(other, otherFrom).length > 0, 'broadcast');
    applySyncFrames(theirs, updatesAfter(other, otherFrom));
    expect(text(theirs, 'future-1', 'en').endsWith(' alone')).toBe(true);
    expect(updatesAfter(writer, writerFrom)).toHaveLength(0);

    // Together, in one batch: each needs the other's edit, so both get the merged broadcast (and an ack).
    writerFrom = writer.messages.length;
    otherFrom = other.messages.length;
    writer.send(updateFrame(edit(mine, 'future-1', ' one')));
    other.send(updateFrame(edit(theirs, 'future-2', ' two')));
    await waitFor(() => acksIn(writer.messages.slice(writerFrom)).length > 0 && acksIn(other.messages.slice(otherFrom)).length > 0, 'acks');
    await waitFor(() => updatesAfter(writer, writerFrom).length > 0 && updatesAfter(other, otherFrom).length > 0, 'broadcasts');
    applySyncFrames(mine, updatesAfter(writer, writerFrom));
    applySyncFrames(theirs, updatesAfter(other, otherFrom));
    for (const doc of [mine, theirs]) {
      expect(text(doc, 'future-1', 'en').endsWith(' alone one')).toBe(true);
      expect(text(doc, 'future-2', 'en').endsWith(' two')).toBe(true);
    }
  });

  it('[DU1] a stock y-websocket client (no accord=1) never receives our own message types', async () => {
    const ts = await server();
    const client = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'), '');
    cleanup.push(() => client.ws.terminate());
    await client.opened;
    const doc = await syncReplica(client);
    let update: Uint8Array | null = null;
    doc.on('update', (u: Uint8Array) => (update = u));
    typeInto(doc, 'future-1', 'en', ' x');
    client.send(updateFrame(update!));
    await waitFor(async () => (await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6)).length > 1, 'stored');
    await new Promise((r) => setTimeout(r, 50));
    expect(client.messages.every((m) => m[0]! < 100)).toBe(true);
  });

  it('[DU1] every acknowledged edit survives a restart on the same data folder', async () => {
    const ts = await server();
    const cookie = await loginAs(ts, 'drafter', 'us');
    const doc = new Y.Doc();
    const acked: Array<Map<number, number>> = [];
    const p = track(provider(ts, ts.demoMemoId, cookie, doc, { accord: '1' }));
    p.messageHandlers[MessageType.ack] = (_e, decoder) => {
      acked.push(acksIn([new Uint8Array([MessageType.ack, ...decoder.arr.subarray(decoder.pos)])])[0]!.stored);
    };
    await synced(p);
    for (let i = 0; i < 30; i++) typeInto(doc, 'recommendations-1', 'en', ` r${i}`);
    const localClock = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID)!;
    await waitFor(() => acked.some((s) => s.get(doc.clientID) === localClock), 'all edits acknowledged');
    const expected = text(doc, 'recommendations-1', 'en');
    p.destroy();
    await ts.stop();
    cleanup.pop();

    const again = await server(ts.dataDir);
    const fresh = new Y.Doc();
    const p2 = track(provider(again, again.demoMemoId, await loginAs(again, 'observer'), fresh));
    await synced(p2);
    expect(text(fresh, 'recommendations-1', 'en')).toBe(expected);
    expect(expected.endsWith(' r29')).toBe(true);
  });

  it('[DU2] a memo whose stored log cannot be loaded is refused, not served empty', async () => {
    const ts = await server();
    const cookie = await loginAs(ts, 'signatory', 'cn');
    // Corrupt the stored log: an update that depends on content that does not exist.
    const other = new Y.Doc();
    other.getArray('outline').insert(0, [{ t: 'clause', id: 'x1' }]);
    const sv = Y.encodeStateVector(other);
    other.getArray('outline').insert(1, [{ t: 'clause', id: 'x2' }]);
    await ts.server.storage.appendUpdates(ts.demoMemoId as never, [
      { update: Y.encodeStateAsUpdate(other, sv), userId: null, partyId: null, createdAt: Date.now() },
    ]);
    const client = rawClient(ts, ts.demoMemoId, cookie);
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.unavailable);
    expect(client.messages.filter((m) => m[0] === MessageType.sync)).toEqual([]);
  });

  it('[DU2] the memo unloads from memory when its last connection leaves, after a checkpoint', async () => {
    const ts = await server();
    const doc = new Y.Doc();
    const p = provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'), doc);
    await synced(p);
    typeInto(doc, 'future-2', 'en', ' before unload');
    await waitFor(async () => (await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6)).length > 1, 'stored');
    expect(ts.server.registry.size).toBe(1);
    p.destroy();
    await waitFor(() => ts.server.registry.size === 0, 'unloaded');
    const stored = await ts.server.storage.loadDocument(ts.demoMemoId as never);
    expect(stored.checkpoint).not.toBeNull();
    expect(stored.tail).toEqual([]);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, stored.checkpoint!.state);
    expect(text(rebuilt, 'future-2', 'en').endsWith(' before unload')).toBe(true);
  });

  it('[DU2] a checkpoint follows every N updates, but at most one per memo within the minimum interval (a burst of edits is not stalled by one checkpoint after another)', async () => {
    const floorMs = 6000;
    const ts = await server(undefined, { checkpointEvery: 3, checkpointMinIntervalMs: floorMs });
    const id = ts.demoMemoId as never;
    const doc = new Y.Doc();
    const p = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'), doc));
    await synced(p);
    const storedCount = async (): Promise<number> => (await ts.server.storage.listUpdates(id, 0, 1e6)).length;
    const newestCheckpoint = async (): Promise<number> => (await ts.server.storage.loadDocument(id)).checkpoint?.seq ?? 0;
    const lastSeq = async (): Promise<number> => (await ts.server.storage.listUpdates(id, 0, 1e6)).at(-1)!.seq;
    const started = Date.now();
    for (let i = 0; i < 9; i++) {
      const before = await storedCount();
      typeInto(doc, 'future-2', 'en', String(i));
      await waitFor(async () => (await storedCount()) > before, `edit ${i} stored`);
    }
    expect(Date.now() - started).toBeLessThan(floorMs); // the burst fits in one interval
    // Without the floor the newest checkpoint would be at most 2 updates behind; with it, only the first one was written.
    expect((await lastSeq()) - (await newestCheckpoint())).toBeGreaterThanOrEqual(5);
    await new Promise((resolve) => setTimeout(resolve, floorMs - (Date.now() - started) + 100));
    typeInto(doc, 'future-2', 'en', 'after the interval');
    await waitFor(async () => (await newestCheckpoint()) === (await lastSeq()), 'a checkpoint once the interval has passed');
  });

  it('[DU1] a page opening the memo gets the whole current state: the loaded checkpoint at first, every committed change after it', async () => {
    const ts = await server();
    const cookie = await loginAs(ts, 'observer');
    const join = async (): Promise<Y.Doc> => {
      const client = rawClient(ts, ts.demoMemoId, cookie);
      cleanup.push(() => client.ws.terminate());
      await client.opened;
      return syncReplica(client);
    };
    const first = await join(); // the memo loads from its seeded checkpoint, with no tail
    const second = await join();
    expect(Y.encodeStateAsUpdate(second)).toEqual(Y.encodeStateAsUpdate(first));
    const writer = new Y.Doc();
    const p = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'), writer));
    await synced(p);
    for (const words of [' one', ' two']) {
      typeInto(writer, 'future-1', 'en', words);
      await waitFor(async () => text(await join(), 'future-1', 'en').endsWith(words), `a new page sees "${words}"`);
    }
    expect(text(await join(), 'future-1', 'en')).toBe(text(writer, 'future-1', 'en'));
  });

  it('[DU1] a fresh page (fresh=1) opening a memo that is still loading is sent the stored rows at once — the checkpoint, then the updates after it — and its own empty sync step 1 then brings nothing twice', async () => {
    const ts = await server();
    const id = ts.demoMemoId as MemoId;
    const writer = new Y.Doc();
    const p = provider(ts, id, await loginAs(ts, 'drafter', 'us'), writer);
    await synced(p);
    p.destroy();
    await waitFor(() => ts.server.registry.size === 0, 'the memo unloaded');
    // Rows stored after the newest checkpoint (as after a crash before the next one).
    for (const words of [' one', ' two']) {
      const rows: Uint8Array[] = [];
      writer.once('update', (update: Uint8Array) => rows.push(update));
      typeInto(writer, 'future-1', 'en', words);
      await ts.server.storage.appendUpdates(id, [{ update: rows[0]!, userId: null, partyId: null, createdAt: Date.now() }]);
    }
    const stored = await ts.server.storage.loadDocument(id);
    expect(stored.checkpoint).not.toBeNull();
    expect(stored.tail).toHaveLength(2);

    const cookie = await loginAs(ts, 'observer');
    const fresh = rawClient(ts, id, cookie, '?accord=1&fresh=1');
    cleanup.push(() => fresh.ws.terminate());
    await fresh.opened;
    // The page has said nothing yet: it gets the stored rows, and then (the memo loaded) the server's own sync step 1.
    await waitFor(() => fresh.messages.some((m) => syncStep(m) === SyncStep.step1), "the server's sync step 1");
    const steps = fresh.messages.map(syncStep).filter((step) => step !== null);
    expect(steps).toEqual([SyncStep.step2, ...stored.tail.map(() => SyncStep.update), SyncStep.step1]);
    const replica = new Y.Doc();
    applySyncFrames(replica, fresh.messages);
    expect(text(replica, 'future-1', 'en')).toBe(text(writer, 'future-1', 'en'));
    expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(writer));

    // Its own empty sync step 1 is answered with what was committed since those rows were read: nothing.
    const before = fresh.messages.length;
    fresh.send(step1Frame(new Y.Doc()));
    await waitFor(() => fresh.messages.slice(before).some((m) => syncStep(m) === SyncStep.step2), 'the answer to its sync step 1');
    const answer = fresh.messages.slice(before).find((m) => syncStep(m) === SyncStep.step2)!;
    expect(syncPayload(answer)).toEqual(new Uint8Array([0, 0]));

    // Without fresh=1 (an unmodified y-websocket client, a reconnect) the server sends no document before the client's sync step 1.
    fresh.ws.terminate();
    await waitFor(() => ts.server.registry.size === 0, 'the memo unloaded again');
    const plain = rawClient(ts, id, cookie);
    cleanup.push(() => plain.ws.terminate());
    await plain.opened;
    await waitFor(() => plain.messages.some((m) => syncStep(m) === SyncStep.step1), "the server's sync step 1");
    expect(plain.messages.map(syncStep).filter((step) => step !== null)).toEqual([SyncStep.step1]);
    expect(text(await syncReplica(plain), 'future-1', 'en')).toBe(text(writer, 'future-1', 'en'));
  });

  it('[DU1] a change committed after a fresh page was sent the stored rows reaches it in the answer to its sync step 1', async () => {
    const ts = await server();
    const id = ts.demoMemoId as MemoId;
    await waitFor(() => ts.server.registry.size === 0, 'no memo loaded');
    const memo = (await ts.server.storage.getMemo(id))!;
    // What the sync server does for a fresh page: take the stored rows while the memo loads.
    const loading = ts.server.registry.acquire(memo);
    const storedRows = ts.server.registry.storedWhileLoading(memo.id);
    expect(storedRows).not.toBeNull();
    const doc = await loading;
    cleanup.push(() => ts.server.registry.release(doc, null));
    const sentEarly = storedStateMessages(await storedRows!);
    expect(ts.server.registry.storedWhileLoading(memo.id), 'loaded: nothing is sent early any more').toBeNull();

    // Someone else commits a change before the page's sync step 1 is handled.
    const writer = new Y.Doc();
    const p = track(provider(ts, id, await loginAs(ts, 'drafter', 'us'), writer));
    await synced(p);
    typeInto(writer, 'future-1', 'en', ' committed meanwhile');
    await waitFor(async () => text(await serverDocAfterCommit(doc), 'future-1', 'en').endsWith(' committed meanwhile'), 'the change committed');

    const sent: Uint8Array[] = [];
    const page: DocumentPeer = { id: -1, userId: 'someone' as UserId, partyId: null, extensions: false, send: (m) => sent.push(m), close: () => undefined };
    await doc.answerStoredStatePeer(page);
    const replica = new Y.Doc();
    applySyncFrames(replica, sentEarly);
    expect(text(replica, 'future-1', 'en')).not.toContain('committed meanwhile');
    applySyncFrames(replica, sent);
    expect(text(replica, 'future-1', 'en')).toBe(text(writer, 'future-1', 'en'));
  });

  it('[DU2] with a linger, a memo stays loaded after its last connection leaves — a returning client finds the same document — and unloads after it, with a checkpoint', async () => {
    const ts = await server(undefined, { memoLingerMs: 400 });
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const first = new Y.Doc();
    const p1 = provider(ts, ts.demoMemoId, cookie, first);
    await synced(p1);
    const loaded = await ts.server.registry.peek(ts.demoMemoId as never);
    typeInto(first, 'future-2', 'en', ' lingering');
    await waitFor(async () => (await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6)).length > 1, 'stored');
    p1.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(ts.server.registry.size).toBe(1);
    const again = new Y.Doc();
    const p2 = provider(ts, ts.demoMemoId, cookie, again);
    await synced(p2);
    expect(await ts.server.registry.peek(ts.demoMemoId as never)).toBe(loaded);
    expect(text(again, 'future-2', 'en').endsWith(' lingering')).toBe(true);
    // Held again, it outlives the first linger; released, it unloads once the linger has passed.
    await new Promise((r) => setTimeout(r, 500));
    expect(ts.server.registry.size).toBe(1);
    p2.destroy();
    await waitFor(() => ts.server.registry.size === 0, 'unloaded after the linger');
    const stored = await ts.server.storage.loadDocument(ts.demoMemoId as never);
    expect(stored.tail).toEqual([]);
  });

  it('[SE2] presence shows the identity the server knows, whatever the client claims', async () => {
    const ts = await server();
    const liar = new Y.Doc();
    const pl = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'), liar));
    pl.awareness.setLocalStateField('user', { name: 'Wang Lin 王林', partyId: 'cn', color: '#000000' });
    const viewer = new Y.Doc();
    const pv = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'signatory', 'cn'), viewer));
    await Promise.all([synced(pl), synced(pv)]);
    const seen = (): { name?: string; partyId?: string } | undefined =>
      (pv.awareness.getStates().get(liar.clientID) as { user?: { name?: string; partyId?: string } } | undefined)?.user;
    await waitFor(() => seen() !== undefined, 'presence of the other client');
    const drafter = ts.accounts.find((a) => a.role === 'drafter' && a.party === 'us')!;
    expect(seen()).toMatchObject({ name: drafter.name, partyId: 'us' });
  });

  it('[SE2] presence is relayed in batches: fifty caret moves in a burst reach a viewer as a few frames, ending at the last state', async () => {
    const ts = await server();
    const mover = new Y.Doc();
    const pm = track(provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'), mover));
    await synced(pm);
    const viewer = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'signatory', 'cn'));
    await viewer.opened;
    await waitFor(() => viewer.messages.some((m) => m[0] === MessageType.sync), 'sync step 1 from the server');
    await new Promise((r) => setTimeout(r, 200));
    const framesBefore = viewer.messages.filter((m) => m[0] === MessageType.awareness).length;
    for (let i = 1; i <= 50; i++) pm.awareness.setLocalStateField('cursor', { at: i });
    const lastCursor = (): unknown => {
      const seen = new awarenessProtocol.Awareness(new Y.Doc());
      for (const m of viewer.messages.filter((f) => f[0] === MessageType.awareness)) {
        const d = decoding.createDecoder(m);
        decoding.readVarUint(d);
        awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(d), 'test');
      }
      return (seen.getStates().get(mover.clientID) as { cursor?: unknown } | undefined)?.cursor;
    };
    await waitFor(() => JSON.stringify(lastCursor()) === JSON.stringify({ at: 50 }), 'last caret position');
    const frames = viewer.messages.filter((m) => m[0] === MessageType.awareness).length - framesBefore;
    expect(frames).toBeGreaterThanOrEqual(1);
    expect(frames).toBeLessThan(10);
    viewer.ws.close();
  });

  it('[SE1] logging out closes the sockets opened with that session (4440)', async () => {
    const ts = await server();
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const client = rawClient(ts, ts.demoMemoId, cookie);
    await client.opened;
    const res = await fetch(`${ts.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(204);
    expect((await client.closed).code).toBe(CloseCode.sessionEnded);
  });

  it('[SE2] the client-id registry survives a restart: a stored client id cannot be reused by another person', async () => {
    const ts = await server();
    const victim = new Y.Doc();
    const pv = provider(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'us'), victim);
    await synced(pv);
    typeInto(victim, 'future-1', 'en', ' mine');
    await waitFor(async () => (await ts.server.storage.listUpdates(ts.demoMemoId as never, 0, 1e6)).length > 1, 'stored');
    pv.destroy();
    await ts.stop();
    cleanup.pop();

    const again = await server(ts.dataDir);
    const forger = rawClient(again, again.demoMemoId, await loginAs(again, 'drafter', 'cn'));
    cleanup.push(() => forger.ws.terminate());
    await forger.opened;
    const doc = await syncReplica(forger);
    const sv = Y.encodeStateVector(doc);
    doc.clientID = victim.clientID;
    typeInto(doc, 'future-1', 'en', ' FORGED');
    forger.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
    expect((await forger.closed).code).toBe(CloseCode.badMessage);
    expect(noticesIn(forger.messages)[0]?.code).toBe('forbidden');
    const rows = await again.server.storage.listUpdates(again.demoMemoId as never, 0, 1e6);
    const rebuilt = new Y.Doc();
    for (const u of rows) Y.applyUpdate(rebuilt, u.update);
    expect(text(rebuilt, 'future-1', 'en')).not.toContain('FORGED');
  });

  it('the memo list follows edits of the title block (first line, first language) while the memo is open', async () => {
    const ts = await server();
    const cookie = await loginAs(ts, 'drafter', 'cn');
    const doc = new Y.Doc();
    const p = provider(ts, ts.demoMemoId, cookie, doc);
    await synced(p);
    const line = (doc.getXmlFragment('title:zh').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    line.insert(0, '新');
    // While the memo is still open: the title follows the commit, not the next checkpoint or unload.
    const listed = async (): Promise<string> => ((await (await fetch(`${ts.url}/api/memos`, { headers: { cookie } })).json()) as Array<{ title: string }>)[0]!.title;
    await waitFor(async () => (await listed()) === '新中美海洋科学与渔业合作二轨对话', 'title in the memo list');
    expect(ts.server.registry.size).toBe(1);
    p.destroy();
  });
});
