import crypto from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoId } from '@accord/shared/ids';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import type { MemoSummary } from '@accord/shared/memo/schema';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { ErrorCode, isErrorBody, type ErrorBody } from '@accord/shared/protocol/errors';
import { MessageType, SyncStep } from '@accord/shared/protocol/messages';
import { loginAs, provider, rawClient, waitFor, type RawClient, type TestServer, startTestServer, syncReplica } from './support/testServer';
import { seededRandom } from './support/random';
import { acksIn, applySyncFrames, noticesIn, step1Frame, updateFrame } from './support/yjsFrames';

/**
 * SE3 — bad input gets a clear error and changes nothing; the server stays up.
 *
 * Every WebSocket case follows the same script against one real server and
 * the demo memo: snapshot the memo (REST detail, stored update rows, the full
 * document as a fresh client syncs it, presence) → a drafter's raw socket sends
 * the bad frame(s) → assert the close code (and notice) → snapshot again and
 * compare → a legitimate edit from another, already-connected editor reaches an
 * already-connected observer, and /api/health answers 200.
 */

const MAX_MESSAGE_BYTES = 64 * 1024;
/** The clause the "still serving" edits go to (demo memo). */
const LIVE_CLAUSE_ROOT = 'clause:future-2:en';

let ts: TestServer;
let memoId: MemoId;
let badCookie: string; // a drafter: may edit, so updates reach the layout checks
let fetchCookie: string; // the facilitator: reads snapshots
let witness: WebsocketProvider; // observer, connected for the whole file
let editor: WebsocketProvider; // drafter of the other party, connected for the whole file
let witnessDisconnects = 0;
let editorDisconnects = 0;
let edits = 0;

beforeAll(async () => {
  ts = await startTestServer({ config: { maxMessageBytes: MAX_MESSAGE_BYTES } });
  memoId = ts.demoMemoId as MemoId;
  badCookie = await loginAs(ts, 'drafter', 'cn');
  fetchCookie = await loginAs(ts, 'facilitator');
  witness = provider(ts, memoId, await loginAs(ts, 'observer'));
  editor = provider(ts, memoId, await loginAs(ts, 'drafter', 'us'));
  // A fresh Awareness starts at clock 0, which receivers ignore; a real client always sets a field first.
  witness.awareness.setLocalStateField('cursor', null);
  editor.awareness.setLocalStateField('cursor', null);
  await waitFor(() => witness.synced && editor.synced, 'witness and editor to sync');
  // Presence of both is known to the server before any case runs (used by the awareness cases).
  await waitFor(async () => {
    const states = (await ts.server.registry.peek(memoId))?.awareness.getStates();
    return states !== undefined && states.has(witness.awareness.clientID) && states.has(editor.awareness.clientID);
  }, 'presence of witness and editor');
  witness.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') witnessDisconnects += 1;
  });
  editor.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') editorDisconnects += 1;
  });
});

afterAll(async () => {
  witness?.destroy();
  editor?.destroy();
  await ts?.stop();
});

// ---------------------------------------------------------------- helpers

/** Seeded "random" bytes: the same on every run. */
function seededBytes(seed: number, length: number): Uint8Array {
  const next = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

const sha = (data: string | Uint8Array): string => crypto.createHash('sha256').update(data).digest('hex');

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** An awareness message whose payload is exactly `payload`. */
const awarenessFrame = (payload: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, payload);
  });

/** An awareness update payload from (clientId, clock, json) entries. */
const awarenessPayload = (entries: Array<[number, number, string]>, trailing: number[] = []): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const [id, clock, json] of entries) {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, json);
    }
    for (const b of trailing) encoding.writeUint8(e, b);
  });

function isSyncStep2(message: Uint8Array): boolean {
  const d = decoding.createDecoder(message);
  return decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) === SyncStep.step2;
}

/** The whole memo as a fresh client receives it in sync step 2. */
async function fetchDoc(): Promise<Y.Doc> {
  const c = rawClient(ts, memoId, fetchCookie);
  await c.opened;
  c.send(step1Frame(new Y.Doc()));
  await waitFor(() => c.messages.some(isSyncStep2), 'sync step 2 for the snapshot client');
  const doc = new Y.Doc();
  applySyncFrames(doc, c.messages);
  c.ws.close();
  await c.closed;
  return doc;
}

interface Snapshot {
  /** Hash of the JSON of GET /api/memos/:id (structure + every clause hash). */
  detail: string;
  /** Number of stored update rows of the memo. */
  rows: number;
  /** Hash of the full document state as a freshly syncing client gets it. */
  state: string;
  stateVector: string;
  /** Presence states the server holds (content, not clocks). */
  presence: string;
}

/** Reads everything "nothing changed" compares; the GET waits for pending commits first. */
async function snapshot(): Promise<Snapshot> {
  const res = await fetch(`${ts.url}/api/memos/${memoId}`, { headers: { cookie: fetchCookie } });
  expect(res.status).toBe(200);
  const detail = sha(await res.text());
  const rows = (await ts.server.storage.listUpdates(memoId, 0, 1e6)).length;
  const doc = await fetchDoc();
  const state = sha(Y.encodeStateAsUpdate(doc));
  const stateVector = sha(Y.encodeStateVector(doc));
  doc.destroy();
  const open = await ts.server.registry.peek(memoId);
  const presence = JSON.stringify([...(open?.awareness.getStates() ?? new Map<number, unknown>())].sort(([a], [b]) => a - b));
  return { detail, rows, state, stateVector, presence };
}

async function closedWithin(c: RawClient, what: string, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  let result: { code: number; reason: string } | null = null;
  void c.closed.then((r) => (result = r));
  await waitFor(() => result !== null, what, timeoutMs);
  return result!;
}

async function expectHealthy(): Promise<void> {
  const res = await fetch(`${ts.url}/api/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
}

/** (c): a legitimate edit from the editor still reaches the witness; neither was disconnected. */
async function expectStillServing(): Promise<void> {
  const marker = `<ok-${++edits}>`;
  const paragraph = editor.doc.getXmlFragment(LIVE_CLAUSE_ROOT).get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error('demo clause has no paragraph');
  const text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error('demo paragraph has no text');
  text.insert(0, marker);
  await waitFor(() => fragmentToPlainText(witness.doc.getXmlFragment(LIVE_CLAUSE_ROOT)).includes(marker), `witness to receive edit ${marker}`);
  await expectHealthy();
  expect(witnessDisconnects).toBe(0);
  expect(editorDisconnects).toBe(0);
  expect(witness.wsconnected && editor.wsconnected).toBe(true);
}

interface Expectation {
  close: number;
  /** Notice code the sender must be told before the close (only sent to `accord=1` clients). */
  notice?: ErrorCode;
}

/** Runs one bad-input case end to end: (a) clear error, (b) nothing changed, (c) still serving. */
async function expectRefused(frames: Array<Uint8Array | string>, expected: Expectation): Promise<RawClient> {
  const before = await snapshot();
  const bad = rawClient(ts, memoId, badCookie);
  await bad.opened;
  for (const f of frames) bad.send(f);
  const closed = await closedWithin(bad, `close ${expected.close}`);
  expect(closed.code).toBe(expected.close);
  if (expected.notice !== undefined) {
    expect(noticesIn(bad.messages).map((n) => n.code)).toEqual([expected.notice]);
  }
  expect(acksIn(bad.messages)).toEqual([]);
  const after = await snapshot();
  expect(after).toEqual(before);
  await expectStillServing();
  return bad;
}

/** A doc whose first change is `change`, as one update from a fresh client id. */
function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

// ---------------------------------------------------------------- WebSocket frames

describe('[SE3] malformed sync-socket frames', () => {
  it('[SE3] the harness itself: a legitimate update from a raw client is stored and acknowledged (control case)', async () => {
    // Guards the negative cases below: if a well-formed update were refused too, they would prove nothing.
    const before = await snapshot();
    const good = rawClient(ts, memoId, badCookie);
    await good.opened;
    const doc = new Y.Doc();
    good.send(step1Frame(doc));
    await waitFor(() => good.messages.some(isSyncStep2), 'sync step 2');
    applySyncFrames(doc, good.messages);
    const sv = Y.encodeStateVector(doc);
    const paragraph = doc.getXmlFragment('clause:status-3:en').get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, '<control>');
    good.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
    await waitFor(() => acksIn(good.messages).some((a) => (a.stored.get(doc.clientID) ?? 0) === Y.getState(doc.store, doc.clientID)), 'ack');
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
    const after = await snapshot();
    expect(after.rows).toBe(before.rows + 1);
    expect(after.state).not.toBe(before.state);
    good.ws.close();
    await good.closed;
    await waitFor(() => fragmentToPlainText(witness.doc.getXmlFragment('clause:status-3:en')).startsWith('<control>'), 'witness sees control edit');
  });

  it.each([1, 2, 3, 4, 5])('[SE3] random bytes (seed %i) close the socket with 4400 and change nothing', async (seed) => {
    await expectRefused([seededBytes(seed, 257)], { close: CloseCode.badMessage });
  });

  it('[SE3] a truncated varint ([0x80]) closes with 4400 and changes nothing', async () => {
    await expectRefused([new Uint8Array([0x80])], { close: CloseCode.badMessage });
  });

  it('[SE3] an over-long varint (ten 0xff bytes) closes with 4400 and changes nothing', async () => {
    await expectRefused([new Uint8Array(10).fill(0xff)], { close: CloseCode.badMessage });
  });

  it('[SE3] an empty binary frame closes with 4400 and changes nothing', async () => {
    await expectRefused([new Uint8Array(0)], { close: CloseCode.badMessage });
  });

  it('[SE3] a sync update declaring a 2^31-byte payload but carrying 3 bytes closes with 4400 and changes nothing', async () => {
    const huge = frame((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, SyncStep.update);
      encoding.writeVarUint(e, 2 ** 31);
      encoding.writeUint8Array(e, new Uint8Array([1, 2, 3]));
    });
    await expectRefused([huge], { close: CloseCode.badMessage });
  });

  it('[SE3] a sync update whose length prefix runs a few bytes past the end of the frame closes with 4400 and changes nothing', async () => {
    // A well-formed update, but the frame is cut short: the declared length is 8 bytes more than what follows.
    const update = updateOf((doc) => doc.getXmlFragment('clause:status-1:en').insert(0, [new Y.XmlElement('paragraph')]));
    const truncated = frame((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, SyncStep.update);
      encoding.writeVarUint(e, update.length + 8);
      encoding.writeUint8Array(e, update);
    });
    // A second frame in the same burst, so bytes do follow the truncated frame on the wire.
    await expectRefused([truncated, new Uint8Array([MessageType.queryAwareness])], { close: CloseCode.badMessage });
  });

  it('[SE3] a text frame closes with 4400 and changes nothing', async () => {
    await expectRefused(['{"type":"sync","update":"hello"}'], { close: CloseCode.badMessage });
  });

  it('[SE3] an unknown message type (42) closes with 4400 and changes nothing', async () => {
    await expectRefused([new Uint8Array([42, 0, 0])], { close: CloseCode.badMessage });
  });

  it('[SE3] an unknown sync step (7) closes with 4400 and changes nothing', async () => {
    const f = frame((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint8Array(e, updateOf((doc) => doc.getXmlFragment('clause:status-1:en').insert(0, [new Y.XmlElement('paragraph')])));
    });
    await expectRefused([f], { close: CloseCode.badMessage });
  });

  it('[SE3] a sync step 1 with a malformed state vector closes with 4400 and changes nothing', async () => {
    const f = frame((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, SyncStep.step1);
      encoding.writeVarUint8Array(e, new Uint8Array([5, 0x80]));
    });
    await expectRefused([f], { close: CloseCode.badMessage });
  });

  it('[SE3] a frame over maxMessageBytes is closed by ws with 1009 and changes nothing', async () => {
    // A well-formed sync update whose payload alone is larger than the limit.
    const big = updateOf((doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('x'.repeat(MAX_MESSAGE_BYTES + 1024))]);
      doc.getXmlFragment('clause:status-1:en').insert(0, [p]);
    });
    expect(big.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    await expectRefused([updateFrame(big)], { close: 1009 });
  });

  it('[SE3] a frame of exactly maxMessageBytes of garbage is not a size error: it closes with 4400', async () => {
    const f = seededBytes(99, MAX_MESSAGE_BYTES);
    f[0] = 42; // unknown message type
    await expectRefused([f], { close: CloseCode.badMessage });
  });
});

describe('[SE3][SE2] malformed and hostile awareness', () => {
  it('[SE3] an awareness payload that cannot be decoded closes with 4400 and changes nothing', async () => {
    await expectRefused([awarenessFrame(new Uint8Array([5]))], { close: CloseCode.badMessage });
  });

  it('[SE3] an awareness state that is not JSON closes with 4400 and changes nothing', async () => {
    await expectRefused([awarenessFrame(awarenessPayload([[123_456_001, 1, '{not json']]))], { close: CloseCode.badMessage });
  });

  it('[SE3] an awareness state that is a JSON array is refused with a notice and 4400', async () => {
    await expectRefused([awarenessFrame(awarenessPayload([[123_456_002, 1, '[1,2,3]']]))], {
      close: CloseCode.badMessage,
      notice: ErrorCode.badRequest,
    });
  });

  it('[SE3] a valid awareness state followed by a malformed one applies neither (4400)', async () => {
    const payload = awarenessPayload([
      [123_456_003, 1, JSON.stringify({ cursor: null })],
      [123_456_004, 1, '{"unterminated'],
    ]);
    await expectRefused([awarenessFrame(payload)], { close: CloseCode.badMessage });
  });

  it('[SE3] an awareness update with trailing bytes is refused with a notice and 4400', async () => {
    await expectRefused([awarenessFrame(awarenessPayload([[123_456_005, 1, '{}']], [0xde, 0xad]))], {
      close: CloseCode.badMessage,
      notice: ErrorCode.badRequest,
    });
  });

  it('[SE3] an awareness update with more than 16 states is refused with a notice and 4400', async () => {
    const entries: Array<[number, number, string]> = Array.from({ length: 17 }, (_, i) => [123_457_000 + i, 1, '{}']);
    await expectRefused([awarenessFrame(awarenessPayload(entries))], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it("[SE3][SE2] awareness for a client id already claimed by another connection is dropped: the owner's presence is untouched and the forger speaks only for its own id", async () => {
    // By design (stampAwareness) foreign entries are dropped, not refused: a stock y-websocket client
    // relays the states of others back to the server, so closing on them would disconnect every browser.
    const victim = witness.awareness.clientID;
    const before = await snapshot();
    const victimState = JSON.stringify((await ts.server.registry.peek(memoId))?.awareness.getStates().get(victim));
    expect(victimState).toContain('Tom'); // the observer's server-known name
    const forger = rawClient(ts, memoId, badCookie);
    await forger.opened;
    const forgerId = 987_654_321;
    // 1. A message whose only entry is the victim's id, with a forged identity and a huge clock.
    forger.send(awarenessFrame(awarenessPayload([[victim, 1_000_000, JSON.stringify({ cursor: 'forged', user: { name: 'Forged' } })]])));
    // 2. Removal of the editor's presence (null state) in the name of the editor.
    forger.send(awarenessFrame(awarenessPayload([[editor.awareness.clientID, 1_000_000, 'null']])));
    // 3. Its own id next to the victim's again: only its own entry counts, stamped with its server identity.
    forger.send(
      awarenessFrame(
        awarenessPayload([
          [victim, 1_000_001, JSON.stringify({ user: { name: 'Forged' } })],
          [forgerId, 1, JSON.stringify({ cursor: 'mine', user: { name: 'Forged' } })],
        ]),
      ),
    );
    await waitFor(() => editor.awareness.getStates().has(forgerId), "editor to see the forger's own presence");
    const forgerState = editor.awareness.getStates().get(forgerId) as { cursor?: unknown; user?: { name?: unknown } };
    expect(forgerState.cursor).toBe('mine');
    expect(forgerState.user?.name).toBe('Chen Yu 陈雨'); // stamped by the server (SE2), not the claimed name
    const open = await ts.server.registry.peek(memoId);
    expect(JSON.stringify(open?.awareness.getStates().get(victim))).toBe(victimState);
    expect(open?.awareness.getStates().has(editor.awareness.clientID)).toBe(true);
    expect(JSON.stringify(editor.awareness.getStates().get(victim))).not.toContain('Forged');
    expect(forger.ws.readyState).toBe(WebSocket.OPEN);
    expect(noticesIn(forger.messages)).toEqual([]);
    forger.ws.close();
    await forger.closed;
    await waitFor(async () => !(await ts.server.registry.peek(memoId))?.awareness.getStates().has(forgerId), "forger's presence to be removed");
    expect(await snapshot()).toEqual(before);
    await expectStillServing();
  });
});

describe('[SE3] hostile Yjs updates', () => {
  it('[SE3] an update writing to a root type outside the layout ("evil") gets a notice, close 4400, and nothing stored', async () => {
    const update = updateOf((doc) => doc.getText('evil').insert(0, 'x'));
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
    expect(witness.doc.share.has('evil')).toBe(false);
  });

  it('[SE3] an update writing to a root name that only looks like a clause ("clause:has space:en") is refused', async () => {
    const update = updateOf((doc) => doc.getXmlFragment('clause:has space:en').insert(0, [new Y.XmlElement('paragraph')]));
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it('[SE3] a map-style write to `outline` is refused (notice, 4400, nothing stored)', async () => {
    const update = updateOf((doc) => doc.getMap('outline').set('t', 'clause'));
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it('[SE3] an outline entry that is not a valid entry (id with a colon) is refused', async () => {
    const update = updateOf((doc) => doc.getArray('outline').push([{ t: 'clause', id: 'has:colon' }]));
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it.each([
    ['a section without level', { t: 'section', id: 'ok-id', numbered: true }],
    ['an unknown entry type', { t: 'table', id: 'ok-id' }],
    ['a clause entry with an extra key', { t: 'clause', id: 'ok-id', text: 'smuggled' }],
    ['a plain string', 'clause'],
  ])('[SE3] an outline entry that is %s is refused', async (_label, entry) => {
    const update = updateOf((doc) => doc.getArray('outline').push([entry]));
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it('[SE3] a valid outline entry next to an invalid one in the same update is refused as a whole', async () => {
    const update = updateOf((doc) => {
      doc.getArray('outline').push([{ t: 'clause', id: 'fine-1' }]);
      doc.getArray('outline').push([{ t: 'clause', id: 'bad id!' }]);
    });
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it('[SE3] ContentString directly in a clause fragment root (clause:preamble-1:en) is refused', async () => {
    const update = updateOf((doc) => doc.getText('clause:preamble-1:en').insert(0, 'x'));
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it('[SE3] an embedded Y.Map directly in a clause fragment root is refused', async () => {
    const update = updateOf((doc) => doc.getArray('clause:preamble-1:zh').insert(0, [new Y.Map()]));
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it('[SE3] an update with missing dependencies (a later update of a client the server never saw) is refused', async () => {
    const other = new Y.Doc();
    other.getArray('outline').push([{ t: 'clause', id: 'dep-1' }]);
    const sv = Y.encodeStateVector(other);
    other.getArray('outline').push([{ t: 'clause', id: 'dep-2' }]);
    const later = Y.encodeStateAsUpdate(other, sv);
    other.destroy();
    await expectRefused([updateFrame(later)], { close: CloseCode.resync, notice: ErrorCode.conflict });
  });

  it('[SE3] an update whose item references unknown ids of another client is refused', async () => {
    const other = new Y.Doc();
    other.getArray('outline').push([{ t: 'clause', id: 'dep-3' }]);
    const third = new Y.Doc();
    Y.applyUpdate(third, Y.encodeStateAsUpdate(other));
    const sv = Y.encodeStateVector(third);
    third.getArray('outline').push([{ t: 'clause', id: 'dep-4' }]); // origin: (other.clientID, 0) — unknown to the server
    const update = Y.encodeStateAsUpdate(third, sv);
    other.destroy();
    third.destroy();
    await expectRefused([updateFrame(update)], { close: CloseCode.badMessage, notice: ErrorCode.conflict });
  });

  it('[SE3] an update deleting content the server does not have is refused', async () => {
    const other = new Y.Doc();
    other.getArray('outline').push([{ t: 'clause', id: 'dep-5' }]);
    const sv = Y.encodeStateVector(other);
    other.getArray('outline').delete(0, 1);
    const deletion = Y.encodeStateAsUpdate(other, sv);
    other.destroy();
    await expectRefused([updateFrame(deletion)], { close: CloseCode.badMessage, notice: ErrorCode.conflict });
  });

  it('[SE3] a legitimate edit and a hostile one in the same burst: the burst is refused from the bad frame on; the earlier legitimate frame is kept', async () => {
    // Frames are handled strictly in order, so the first (valid) update is applied and stored before the second is refused.
    const before = await snapshot();
    const bad = rawClient(ts, memoId, badCookie);
    await bad.opened;
    const doc = new Y.Doc();
    bad.send(step1Frame(doc));
    await waitFor(() => bad.messages.some(isSyncStep2), 'sync step 2');
    applySyncFrames(doc, bad.messages);
    let sv = Y.encodeStateVector(doc);
    ((doc.getXmlFragment('clause:status-2:en').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, '<kept>');
    const good = Y.encodeStateAsUpdate(doc, sv);
    sv = Y.encodeStateVector(doc);
    doc.getText('evil').insert(0, 'x');
    const hostile = Y.encodeStateAsUpdate(doc, sv);
    bad.send(updateFrame(good));
    bad.send(updateFrame(hostile));
    const closed = await closedWithin(bad, 'close 4400');
    expect(closed.code).toBe(CloseCode.badMessage);
    expect(noticesIn(bad.messages).map((n) => n.code)).toEqual([ErrorCode.badRequest]);
    const after = await snapshot();
    expect(after.rows).toBe(before.rows + 1);
    const fetched = await fetchDoc();
    expect(fragmentToPlainText(fetched.getXmlFragment('clause:status-2:en')).startsWith('<kept>')).toBe(true);
    expect(fetched.share.has('evil')).toBe(false);
    fetched.destroy();
    doc.destroy();
    await expectStillServing();
  });

  it("[SE3][DU1] an update written under another live connection's Yjs client id is refused, so that client's next edit is not silently dropped", async () => {
    // KNOWN SERVER BUG (fails today): the server only checks that a client id's clocks are contiguous, not
    // who writes them. A connection can therefore write structs under the client id of another connection
    // (visible to everyone as its awareness key). Yjs then ignores that client's own next edit as "already
    // known", the server still acknowledges it as stored (DU1), and the victim's document diverges for good.
    const victimCookie = await loginAs(ts, 'drafter', 'us');
    const victim = rawClient(ts, memoId, victimCookie);
    const attacker = rawClient(ts, memoId, badCookie);
    const vdoc = new Y.Doc();
    const victimText = (): Y.XmlText => (vdoc.getXmlFragment('clause:future-1:en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const edit = (s: string): void => {
      const sv = Y.encodeStateVector(vdoc);
      victimText().insert(0, s);
      victim.send(updateFrame(Y.encodeStateAsUpdate(vdoc, sv)));
    };
    const savedUpTo = (clock: number): boolean => acksIn(victim.messages).some((a) => (a.stored.get(vdoc.clientID) ?? 0) >= clock);
    try {
      await victim.opened;
      victim.send(step1Frame(vdoc));
      await waitFor(() => victim.messages.some(isSyncStep2), 'victim sync');
      applySyncFrames(vdoc, victim.messages);
      edit('<victim-1>');
      await waitFor(() => savedUpTo(Y.getState(vdoc.store, vdoc.clientID)), 'first victim edit acknowledged');

      const before = await snapshot();
      // The attacker syncs, then writes under the victim's client id at the victim's next clock.
      const forged = await fetchDoc();
      forged.clientID = vdoc.clientID;
      const sv = Y.encodeStateVector(forged);
      ((forged.getXmlFragment('clause:future-1:en').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, '<forged>');
      await attacker.opened;
      attacker.send(updateFrame(Y.encodeStateAsUpdate(forged, sv)));
      forged.destroy();

      // (a) and (b) as for every hostile update.
      const closed = await closedWithin(attacker, 'close 4400 of the forging connection', 3000);
      expect(closed.code).toBe(CloseCode.badMessage);
      expect(noticesIn(attacker.messages)).toHaveLength(1);
      expect(await snapshot()).toEqual(before);

      // The victim's next edit is stored as written, and acknowledged truthfully.
      edit('<victim-2>');
      const local = Y.getState(vdoc.store, vdoc.clientID);
      await waitFor(() => savedUpTo(local), 'second victim edit acknowledged');
      const server = await fetchDoc();
      expect(fragmentToPlainText(server.getXmlFragment('clause:future-1:en'))).toBe(fragmentToPlainText(vdoc.getXmlFragment('clause:future-1:en')));
      server.destroy();
      await waitFor(() => fragmentToPlainText(witness.doc.getXmlFragment('clause:future-1:en')).startsWith('<victim-2><victim-1>'), 'witness to see the second victim edit');
      await expectStillServing();
    } finally {
      victim.ws.close();
      attacker.ws.close();
      vdoc.destroy();
    }
  });

  it('[SE3] garbage in a valid sync envelope (updateFrame(random bytes)) is refused', async () => {
    await expectRefused([updateFrame(seededBytes(7, 300))], { close: CloseCode.badMessage, notice: ErrorCode.badRequest });
  });

  it.each([11, 12, 13])('[SE3] garbage sync step 2 (seed %i) is refused with 4400', async (seed) => {
    const f = frame((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, SyncStep.step2);
      encoding.writeVarUint8Array(e, seededBytes(seed, 120));
    });
    await expectRefused([f], { close: CloseCode.badMessage });
  });
});

// ---------------------------------------------------------------- HTTP

async function errorOf(res: Response): Promise<ErrorBody['error']> {
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const body: unknown = await res.json();
  if (!isErrorBody(body)) throw new Error(`not an error body: ${JSON.stringify(body)}`);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

async function memoCount(cookie: string): Promise<number> {
  const res = await fetch(`${ts.url}/api/memos`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as MemoSummary[]).length;
}

/** Status and JSON body of a refused WebSocket upgrade (or 101). */
function upgradeRefusal(url: string, cookie: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: cookie ? { cookie } : {} });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        ws.terminate();
      });
    });
    ws.on('open', () => {
      resolve({ status: 101, body: '' });
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

describe('[SE3] bad HTTP input', () => {
  it('[SE3] invalid JSON on login → 400 invalid_json; the server stays up', async () => {
    const res = await fetch(`${ts.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": "x@y.z", ' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe(ErrorCode.invalidJson);
    await expectHealthy();
  });

  it('[SE3] invalid JSON on memo creation → 400 invalid_json and no memo is created', async () => {
    const before = await memoCount(fetchCookie);
    for (const body of ['{"title": "x"', 'not json at all', '"just a string"', '{"title": "x"} trailing']) {
      const res = await fetch(`${ts.url}/api/memos`, { method: 'POST', headers: { cookie: fetchCookie, 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
      expect((await errorOf(res)).code, body).toBe(ErrorCode.invalidJson);
    }
    expect(await memoCount(fetchCookie)).toBe(before);
    await expectHealthy();
  });

  it('[SE3] a JSON body of the wrong shape (array, null) → 400 bad_request, nothing created', async () => {
    const before = await memoCount(fetchCookie);
    for (const body of ['[]', '[{"title":"x"}]', '{"title": 42}', '{"title": "ok", "evil": true}']) {
      const res = await fetch(`${ts.url}/api/memos`, { method: 'POST', headers: { cookie: fetchCookie, 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
      expect((await errorOf(res)).code, body).toBe(ErrorCode.badRequest);
    }
    expect(await memoCount(fetchCookie)).toBe(before);
  });

  it('[SE3] a body larger than maxJsonBytes → 413 payload_too_large, nothing created', async () => {
    const before = await memoCount(fetchCookie);
    const body = JSON.stringify({ title: 'x'.repeat(300 * 1024) });
    const res = await fetch(`${ts.url}/api/memos`, { method: 'POST', headers: { cookie: fetchCookie, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe(ErrorCode.payloadTooLarge);
    const login = await fetch(`${ts.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(login.status).toBe(413);
    expect((await errorOf(login)).code).toBe(ErrorCode.payloadTooLarge);
    expect(await memoCount(fetchCookie)).toBe(before);
    await expectHealthy();
  });

  it('[SE3] an unknown memo id → 404 not_found', async () => {
    const res = await fetch(`${ts.url}/api/memos/nope`, { headers: { cookie: fetchCookie } });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe(ErrorCode.notFound);
    const members = await fetch(`${ts.url}/api/memos/nope/members`, { headers: { cookie: fetchCookie } });
    expect(members.status).toBe(404);
    expect((await errorOf(members)).code).toBe(ErrorCode.notFound);
  });

  it.each([
    ['a colon', 'has%3Acolon'],
    ['a 500-character id', 'x'.repeat(500)],
    ['an encoded path traversal', '..%2F..%2Fetc%2Fpasswd'],
    ['a quote and semicolon', "x'%3B%20DROP%20TABLE%20memos%3B--"],
    ['non-ASCII', '%E5%A4%87%E5%BF%98%E5%BD%95'],
  ])('[SE3] a malformed memo id (%s) → 404 not_found JSON', async (_label, id) => {
    const res = await fetch(`${ts.url}/api/memos/${id}`, { headers: { cookie: fetchCookie } });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe(ErrorCode.notFound);
  });

  it('[SE3] a memo id with broken percent-encoding → 400 bad_request JSON (not a 500)', async () => {
    const res = await fetch(`${ts.url}/api/memos/%E0%A4%A`, { headers: { cookie: fetchCookie } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe(ErrorCode.badRequest);
    await expectHealthy();
  });

  it('[SE3] an unknown /api route → 404 not_found JSON (GET and POST)', async () => {
    const get = await fetch(`${ts.url}/api/nope`, { headers: { cookie: fetchCookie } });
    expect(get.status).toBe(404);
    expect((await errorOf(get)).code).toBe(ErrorCode.notFound);
    const post = await fetch(`${ts.url}/api/memos/${memoId}/nope`, { method: 'POST', headers: { cookie: fetchCookie, 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(404);
    expect((await errorOf(post)).code).toBe(ErrorCode.notFound);
    const anonymous = await fetch(`${ts.url}/api/nope`);
    expect(anonymous.status).toBe(404);
    expect((await errorOf(anonymous)).code).toBe(ErrorCode.notFound);
  });

  it('[SE3] a WebSocket upgrade to an unknown memo → 404 not_found JSON', async () => {
    const r = await upgradeRefusal(`${ts.wsUrl}/nope`, fetchCookie);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: ErrorCode.notFound } });
  });

  it.each([
    ['a colon in the id', '/sync/has:colon'],
    ['a nested path', '/sync/a/b'],
    ['a 65-character id', `/sync/${'x'.repeat(65)}`],
    ['no id', '/sync/'],
    ['a path outside /sync', '/api/health'],
    ['the root path', '/'],
  ])('[SE3] a WebSocket upgrade to a malformed path (%s) → 404', async (_label, path) => {
    const r = await upgradeRefusal(`${ts.url.replace('http://', 'ws://')}${path}`, fetchCookie);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: ErrorCode.notFound } });
    await expectHealthy();
  });

  it('[SE3] after all of the above, the demo memo still syncs to a new client and every witness edit arrived', async () => {
    const doc = await fetchDoc();
    const text = fragmentToPlainText(doc.getXmlFragment(LIVE_CLAUSE_ROOT));
    for (let i = 1; i <= edits; i++) expect(text).toContain(`<ok-${i}>`);
    expect([...doc.share.keys()].every((k) => k === 'outline' || /^(title|section|clause):/.test(k))).toBe(true);
    doc.destroy();
    await expectHealthy();
  });
});

describe('hostile nesting', () => {
  it('[SE3] deeply nested elements inside a clause are refused and nothing is stored', async () => {
    const ts = await startTestServer();
    try {
      const client = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
      await client.opened;
      const doc = await syncReplica(client);
      const rowsBefore = (await ts.server.storage.listUpdates(ts.demoMemoId as MemoId, 0, 1e6)).length;
      const sv = Y.encodeStateVector(doc);
      doc.transact(() => {
        let parent = doc.getXmlFragment('clause:future-1:en').get(0) as Y.XmlElement;
        for (let i = 0; i < 200; i++) {
          const child = new Y.XmlElement('paragraph');
          parent.insert(0, [child]);
          parent = child;
        }
      });
      client.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
      expect((await client.closed).code).toBe(CloseCode.badMessage);
      expect(noticesIn(client.messages)[0]?.code).toBe(ErrorCode.badRequest);
      expect((await ts.server.storage.listUpdates(ts.demoMemoId as MemoId, 0, 1e6)).length).toBe(rowsBefore);
    } finally {
      await ts.stop();
    }
  });
});

describe('characters are never split', () => {
  /** A cn drafter's raw socket and replica, once its emoji at the start of future-1 (en) is stored; `clock` is the emoji's first. */
  async function storedEmoji(ts: TestServer): Promise<{ writer: RawClient; doc: Y.Doc; text: Y.XmlText; clock: number }> {
    const writer = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
    await writer.opened;
    const doc = await syncReplica(writer);
    const text = (doc.getXmlFragment('clause:future-1:en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const sv = Y.encodeStateVector(doc);
    const clock = Y.getState(doc.store, doc.clientID);
    text.insert(0, '😀');
    writer.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
    await waitFor(() => acksIn(writer.messages).length > 0, 'emoji stored');
    return { writer, doc, text, clock };
  }

  /** Client `client` writes a paragraph holding "a" into status-1 (en): clock 0 the paragraph, 1 its text type, 2 the "a". */
  async function storeParagraphAs(writer: RawClient, client: number): Promise<void> {
    const own = new Y.Doc();
    own.clientID = client;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('a')]);
    own.getXmlFragment('clause:status-1:en').insert(0, [paragraph]);
    const acked = acksIn(writer.messages).length;
    writer.send(updateFrame(Y.encodeStateAsUpdate(own)));
    await waitFor(() => acksIn(writer.messages).length > acked, 'paragraph stored');
  }

  /** An update of one string struct `client`:`clock` holding `text`, placed after `origin` (hand-encoded: any clock, any origin). */
  function stringAfter(client: number, clock: number, origin: Y.ID, text: string): Uint8Array {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1); // one client
    encoding.writeVarUint(update, 1); // one struct
    encoding.writeVarUint(update, client);
    encoding.writeVarUint(update, clock);
    encoding.writeUint8(update, 4 | 0x80); // ContentString with an origin
    encoding.writeVarUint(update, origin.client);
    encoding.writeVarUint(update, origin.clock);
    encoding.writeVarString(update, text);
    encoding.writeVarUint(update, 0); // no delete set
    return encoding.toUint8Array(update);
  }

  const storedRows = async (ts: TestServer): Promise<number> => (await ts.server.storage.listUpdates(ts.demoMemoId as MemoId, 0, 1e6)).length;

  it('[SE3][DU1] an insert between the two halves of an emoji is refused; memory and storage stay equal', async () => {
    const ts = await startTestServer();
    try {
      // An observer keeps the memo open in memory for the comparison at the end.
      const keeper = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'observer'));
      await keeper.opened;
      const { writer, doc, text } = await storedEmoji(ts);
      const sv = Y.encodeStateVector(doc);
      text.insert(1, 'x'); // between the surrogate halves
      writer.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
      expect((await writer.closed).code).toBe(CloseCode.badMessage);
      const open = (await ts.server.registry.peek(ts.demoMemoId as MemoId))!;
      const stored = await ts.server.storage.loadDocument(ts.demoMemoId as MemoId);
      const rebuilt = new Y.Doc();
      if (stored.checkpoint) Y.applyUpdate(rebuilt, stored.checkpoint.state);
      for (const u of stored.tail) Y.applyUpdate(rebuilt, u.update);
      const plain = (d: Y.Doc): string => fragmentToPlainText(d.getXmlFragment('clause:future-1:en'));
      expect(plain(open.doc).startsWith('😀')).toBe(true);
      expect(plain(rebuilt)).toBe(plain(open.doc));
    } finally {
      await ts.stop();
    }
  });

  it('[SE3][DU1] a deletion of half an emoji is refused; the character stays whole', async () => {
    const ts = await startTestServer();
    try {
      const { writer, doc, clock } = await storedEmoji(ts);
      // A delete set naming only the emoji's second half (no structs).
      const halfDelete = encoding.createEncoder();
      encoding.writeVarUint(halfDelete, 0); // no structs
      encoding.writeVarUint(halfDelete, 1); // one client in the delete set
      encoding.writeVarUint(halfDelete, doc.clientID);
      encoding.writeVarUint(halfDelete, 1); // one range
      encoding.writeVarUint(halfDelete, clock + 1);
      encoding.writeVarUint(halfDelete, 1);
      writer.send(updateFrame(encoding.toUint8Array(halfDelete)));
      expect((await writer.closed).code).toBe(CloseCode.badMessage);
      const open = (await ts.server.registry.peek(ts.demoMemoId as MemoId))!;
      expect(fragmentToPlainText(open.doc.getXmlFragment('clause:future-1:en')).startsWith('😀')).toBe(true);
    } finally {
      await ts.stop();
    }
  });

  it('[SE3][DU1] an insert between the halves of an emoji is refused even when the update also carries a stale copy of the emoji’s clocks', async () => {
    const ts = await startTestServer();
    try {
      const { writer, doc, clock } = await storedEmoji(ts);
      // The update carries those two clocks again as "ab" (known clocks, which Yjs skips), then "x" with
      // its origin at the first of them — which in the memo is the first half of the emoji.
      const emoji = Y.getItem(doc.store, Y.createID(doc.clientID, clock)) as Y.Item;
      const stale = encoding.createEncoder();
      encoding.writeVarUint(stale, 1); // one client
      encoding.writeVarUint(stale, 2); // two structs
      encoding.writeVarUint(stale, doc.clientID);
      encoding.writeVarUint(stale, clock); // the emoji's first clock, again
      encoding.writeUint8(stale, 4 | 0x40); // ContentString with a right origin: "ab" where the emoji is
      encoding.writeVarUint(stale, emoji.rightOrigin!.client);
      encoding.writeVarUint(stale, emoji.rightOrigin!.clock);
      encoding.writeVarString(stale, 'ab');
      encoding.writeUint8(stale, 4 | 0x80); // "x" after the first of those clocks
      encoding.writeVarUint(stale, doc.clientID);
      encoding.writeVarUint(stale, clock);
      encoding.writeVarString(stale, 'x');
      encoding.writeVarUint(stale, 0); // no delete set
      writer.send(updateFrame(encoding.toUint8Array(stale)));
      expect((await writer.closed).code).toBe(CloseCode.badMessage);
      const open = (await ts.server.registry.peek(ts.demoMemoId as MemoId))!;
      const plain = fragmentToPlainText(open.doc.getXmlFragment('clause:future-1:en'));
      expect(plain).not.toContain('\ufffd');
      expect(plain.startsWith('😀')).toBe(true);
    } finally {
      await ts.stop();
    }
  });

  it('[SE3][DU1] a struct the memo already has, sent again with its origin inside an emoji, is refused (Yjs splits at the neighbours of structs it skips)', async () => {
    const ts = await startTestServer();
    try {
      const { writer, clock, doc } = await storedEmoji(ts);
      const Z = 777_012;
      await storeParagraphAs(writer, Z);
      const rowsBefore = await storedRows(ts);
      // Then Z's "a" again (clock 2, which the memo has), claiming the emoji's first half as its origin.
      writer.send(updateFrame(stringAfter(Z, 2, Y.createID(doc.clientID, clock), 'a')));
      expect((await writer.closed).code).toBe(CloseCode.badMessage);
      const open = (await ts.server.registry.peek(ts.demoMemoId as MemoId))!;
      const text = fragmentToPlainText(open.doc.getXmlFragment('clause:future-1:en'));
      expect(text).not.toContain('\ufffd');
      expect(text.startsWith('😀')).toBe(true);
      expect(await storedRows(ts)).toBe(rowsBefore);
    } finally {
      await ts.stop();
    }
  });

  it('[SE3][DU1] a struct the memo already has, sent again naming a neighbour the memo lacks, is refused (Yjs would hold the rest of the update back)', async () => {
    const ts = await startTestServer();
    try {
      const writer = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
      await writer.opened;
      const Z = 777_013;
      await storeParagraphAs(writer, Z);
      const rowsBefore = await storedRows(ts);
      // Z's "a" again, with an origin in a client the memo has never seen.
      writer.send(updateFrame(stringAfter(Z, 2, Y.createID(777_999, 5), 'a')));
      expect((await writer.closed).code).toBe(CloseCode.badMessage);
      const open = (await ts.server.registry.peek(ts.demoMemoId as MemoId))!;
      expect(open.doc.store.pendingStructs).toBeNull();
      expect(await storedRows(ts)).toBe(rowsBefore);
    } finally {
      await ts.stop();
    }
  });

  it('[SE3][DU1] a struct that overlaps known clocks up to the middle of an emoji is refused (Yjs would keep half of it)', async () => {
    const ts = await startTestServer();
    try {
      const writer = rawClient(ts, ts.demoMemoId, await loginAs(ts, 'drafter', 'cn'));
      await writer.opened;
      const X = 777_011;
      await storeParagraphAs(writer, X);
      // Then an emoji claiming clock 2 again: Yjs would skip its first half (known) and keep a lone second half.
      const overlap = encoding.createEncoder();
      encoding.writeVarUint(overlap, 1); // one client
      encoding.writeVarUint(overlap, 1); // one struct
      encoding.writeVarUint(overlap, X);
      encoding.writeVarUint(overlap, 2); // first clock
      encoding.writeUint8(overlap, 4); // ContentString, no origins: the parent follows
      encoding.writeVarUint(overlap, 0); // parent is an item id
      encoding.writeVarUint(overlap, X);
      encoding.writeVarUint(overlap, 1); // the text type
      encoding.writeVarString(overlap, '😀');
      encoding.writeVarUint(overlap, 0); // no delete set
      writer.send(updateFrame(encoding.toUint8Array(overlap)));
      expect((await writer.closed).code).toBe(CloseCode.badMessage);
      const open = (await ts.server.registry.peek(ts.demoMemoId as MemoId))!;
      const text = fragmentToPlainText(open.doc.getXmlFragment('clause:status-1:en'));
      expect(text).not.toContain('\ufffd');
      expect(text.startsWith('a')).toBe(true);
    } finally {
      await ts.stop();
    }
  });
});
