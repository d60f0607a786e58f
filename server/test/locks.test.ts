import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { asClauseId } from '@accord/shared/ids';
import { emptyAgreement, getAgreementMap } from '@accord/shared/memo/agreement';
import { paragraphElement as newParagraph } from '@accord/shared/memo/richText';
import { getClauseText, getOutline, readOutline, type OutlineEntry } from '@accord/shared/memo/ydocLayout';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { seededRandom, testSeed } from './support/random';
import { rawClient, startTestServer, waitFor, type TestServer } from './support/testServer';
import { applySyncFrames, noticesIn, step1Frame, updateFrame } from './support/yjsFrames';
import {
  allCookies,
  canonical,
  capture,
  clauseFromDetail,
  clauseText,
  errorOf,
  hashOf,
  honestClient,
  liveRaw,
  lockClause,
  lockedHashIn,
  memoDetail,
  paragraphElement,
  paragraphText,
  placeOf,
  serverDoc,
  serverStateVector,
  signOff,
  step2Frame,
  storedDocs,
  storedRowCount,
  typeAtEnd,
  watchClause,
  type ClauseWatch,
  type Cookies,
  type Honest,
  type LiveRaw,
} from './support/agreement';

/**
 * LK1–LK3 — the attack battery. Each case locks a clause X through the REST
 * sign-off flow, keeps an honest y-websocket client connected as a witness
 * (watching X's fragments and X's place in the outline), and sends one
 * forbidden change through a raw WebSocket. The server must undo it in the
 * same step: its stored and live text and hash of X stay the agreed ones, the
 * witness never sees a transient change (LK2), the attacker converges back
 * without reconnecting and is told why (LK3), and edits to other clauses in
 * the same update survive.
 */

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** X: a clause of plain paragraphs in the middle of its section (see the status-2 case for marked text). */
const X = 'recommendations-2';
const BEFORE_X = 'recommendations-1';
const AFTER_X = 'recommendations-3';
const X_SECTION = 'recommendations';
/** A clause far from X that attacks also edit, to check that legit edits in the same update survive. */
const OTHER = 'future-2';

interface Arena {
  ts: TestServer;
  memoId: string;
  cookies: Cookies;
  clause: string;
  lockedHash: string;
  /** Canonical serialisation of the agreed text of the clause. */
  agreed: string;
  outlineBefore: OutlineEntry[];
  witness: Honest;
  watch: ClauseWatch;
  attacker: LiveRaw;
}

async function arena(clause = X): Promise<Arena> {
  const ts = await startTestServer();
  cleanup.push(() => ts.stop());
  const memoId = ts.demoMemoId;
  const cookies = await allCookies(ts);
  const lockedHash = await lockClause(ts, memoId, clause, cookies);

  const witness = honestClient(ts, memoId, cookies.drafterUs);
  cleanup.push(() => witness.p.destroy());
  await waitFor(() => witness.p.synced && lockedHashIn(witness.doc, clause) === lockedHash, 'witness synced with the lock');
  expect(hashOf(witness.doc, clause)).toBe(lockedHash);
  const agreed = canonical(witness.doc, clause);
  const watch = watchClause(witness.doc, clause);
  cleanup.push(() => watch.stop());

  const attacker = await liveRaw(ts, memoId, cookies.drafterCn);
  cleanup.push(() => attacker.raw.ws.terminate());
  expect(canonical(attacker.doc, clause)).toBe(agreed);
  return { ts, memoId, cookies, clause, lockedHash, agreed, outlineBefore: readOutline(attacker.doc), witness, watch, attacker };
}

const sameState = (a: Y.Doc, b: Y.Doc): boolean => {
  const sa = Y.decodeStateVector(Y.encodeStateVector(a));
  const sb = Y.decodeStateVector(Y.encodeStateVector(b));
  return sa.size === sb.size && [...sa].every(([client, clock]) => sb.get(client) === clock);
};

interface Survivor {
  clause: string;
  lang: string;
  token: string;
}

/**
 * Everything that must hold after a refused change to the arena's clause:
 * LK1 (server, REST and stored state keep the agreed text and hash), LK2 (the
 * witness shows the agreed text and place, and never showed anything else),
 * LK3 (notice with the clause id; the attacker converges back), and the
 * survivors (edits elsewhere in the same update) are everywhere.
 */
async function expectHeld(a: Arena, options: { survivors?: Survivor[]; outlineUnchanged?: boolean } = {}): Promise<void> {
  const { ts, memoId, clause } = a;
  const survivors = options.survivors ?? [];
  // LK3: told why, with the clause id.
  await waitFor(() => a.attacker.notices().some((n) => n.code === ErrorCode.locked && n.clauseId === clause), 'a locked notice naming the clause');

  // LK1: the server's view (REST and live document).
  const view = await clauseFromDetail(ts, memoId, a.cookies.observer, clause);
  expect(view.hash).toBe(a.lockedHash);
  expect(view.locked).toBe(true);
  expect(view.status).toBe('agreed');
  const live = await serverDoc(ts, memoId);
  expect(canonical(live, clause)).toBe(a.agreed);
  expect(lockedHashIn(live, clause)).toBe(a.lockedHash);
  const placeBefore = placeOf(a.outlineBefore, clause);
  expect(placeOf(readOutline(live), clause)).toEqual(placeBefore);

  // LK3: the attacker converges back, on the same connection.
  await waitFor(() => sameState(a.attacker.doc, live), 'attacker replica to converge with the server');
  expect(a.attacker.raw.ws.readyState).toBe(a.attacker.raw.ws.OPEN);
  expect(canonical(a.attacker.doc, clause)).toBe(a.agreed);
  expect(placeOf(readOutline(a.attacker.doc), clause)).toEqual(placeBefore);

  // LK2: the witness shows the agreed text and never showed anything else.
  await waitFor(() => sameState(a.witness.doc, live), 'witness to converge with the server');
  expect(canonical(a.witness.doc, clause)).toBe(a.agreed);
  expect(hashOf(a.witness.doc, clause)).toBe(a.lockedHash);
  expect(new Set(a.watch.contents)).toEqual(new Set(a.watch.contents.length ? [a.agreed] : []));
  expect(a.watch.places.map((p) => JSON.parse(p) as unknown)).toEqual(a.watch.places.map(() => placeBefore));
  expect(a.witness.notices).toEqual([]);
  if (options.outlineUnchanged) {
    expect(readOutline(live)).toEqual(a.outlineBefore);
    expect(readOutline(a.witness.doc)).toEqual(a.outlineBefore);
    expect(readOutline(a.attacker.doc)).toEqual(a.outlineBefore);
  }

  // Edits to other clauses in the same update survive, everywhere.
  for (const s of survivors) {
    expect(clauseText(live, s.clause, s.lang)).toContain(s.token);
    expect(clauseText(a.witness.doc, s.clause, s.lang)).toContain(s.token);
    expect(clauseText(a.attacker.doc, s.clause, s.lang)).toContain(s.token);
  }

  // Stored state: the whole log, and checkpoint + tail, rebuild to the agreed text.
  const { fromLog, fromLoad } = await storedDocs(ts, memoId);
  for (const doc of [fromLog, fromLoad]) {
    expect(canonical(doc, clause)).toBe(a.agreed);
    expect(hashOf(doc, clause)).toBe(a.lockedHash);
    expect(placeOf(readOutline(doc), clause)).toEqual(placeBefore);
    for (const s of survivors) expect(clauseText(doc, s.clause, s.lang)).toContain(s.token);
  }
}

/** Sends one update (built on the attacker's replica) as a sync `update` frame. */
function attack(a: Arena, change: (doc: Y.Doc) => void): Uint8Array {
  const update = capture(a.attacker.doc, () => change(a.attacker.doc));
  a.attacker.raw.send(updateFrame(update));
  return update;
}

const clauseEntry = (id: string): OutlineEntry => ({ t: 'clause', id: asClauseId(id) });

const indexOfEntry = (doc: Y.Doc, t: 'clause' | 'section', id: string): number => {
  const i = getOutline(doc).toArray().findIndex((e) => e.t === t && e.id === id);
  if (i < 0) throw new Error(`no ${t} entry ${id}`);
  return i;
};

describe('locked clauses refuse every change (LK1–LK3)', () => {
  it('[LK1][LK2][LK3] insert inside a locked clause is undone; an edit to another clause in the same update survives', async () => {
    const a = await arena();
    attack(a, (doc) => {
      paragraphText(doc, X, 'en').insert(10, ' INSERTED BY CN ');
      paragraphText(doc, X, 'zh').insert(3, '插入');
      typeAtEnd(doc, OTHER, 'en', ' survives-insert');
    });
    await expectHeld(a, { survivors: [{ clause: OTHER, lang: 'en', token: ' survives-insert' }] });
  });

  it('[LK1][LK2][LK3] deleting a range inside a locked clause is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      paragraphText(doc, X, 'zh').delete(2, 12);
      paragraphText(doc, X, 'en').delete(0, 40);
      typeAtEnd(doc, OTHER, 'zh', '保留');
    });
    await expectHeld(a, { survivors: [{ clause: OTHER, lang: 'zh', token: '保留' }] });
  });

  it('[LK1][LK2][LK3] a deletion crossing from the neighbouring clause into a locked one: the neighbour part survives, the locked part is undone', async () => {
    const a = await arena();
    const neighbourBefore = clauseText(a.attacker.doc, BEFORE_X, 'en');
    attack(a, (doc) => {
      const tail = paragraphText(doc, BEFORE_X, 'en');
      tail.delete(tail.length - 12, 12);
      paragraphText(doc, X, 'en').delete(0, 12);
    });
    await expectHeld(a);
    const expected = neighbourBefore.slice(0, -12);
    expect(clauseText(await serverDoc(a.ts, a.memoId), BEFORE_X, 'en')).toBe(expected);
    expect(clauseText(a.witness.doc, BEFORE_X, 'en')).toBe(expected);
    expect(clauseText(a.attacker.doc, BEFORE_X, 'en')).toBe(expected);
    expect(clauseText((await storedDocs(a.ts, a.memoId)).fromLog, BEFORE_X, 'en')).toBe(expected);
  });

  it('[LK1][LK2][LK3] a mark change (bold) on a locked clause is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      paragraphText(doc, X, 'en').format(0, 25, { bold: {} });
      paragraphText(doc, X, 'zh').format(0, 5, { italic: {} });
      typeAtEnd(doc, OTHER, 'en', ' survives-bold');
    });
    await expectHeld(a, { survivors: [{ clause: OTHER, lang: 'en', token: ' survives-bold' }] });
  });

  it('[LK1][LK2][LK3] an attribute change on a locked clause\'s paragraph element is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      paragraphElement(doc, X, 'en').setAttribute('textAlign', 'right');
      typeAtEnd(doc, OTHER, 'en', ' survives-attr');
    });
    await expectHeld(a, { survivors: [{ clause: OTHER, lang: 'en', token: ' survives-attr' }] });
  });

  it('[LK1][LK2][LK3] adding a bracket mark to a locked clause is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      paragraphText(doc, X, 'en').format(5, 20, { bracket: { party: 'cn', reason: 'we no longer accept this' } });
      paragraphText(doc, X, 'zh').format(0, 4, { 'bracket--a1b2c3': { party: 'cn', reason: '重新谈判' } });
      typeAtEnd(doc, OTHER, 'en', ' survives-bracket');
    });
    await expectHeld(a, { survivors: [{ clause: OTHER, lang: 'en', token: ' survives-bracket' }] });
    const view = await clauseFromDetail(a.ts, a.memoId, a.cookies.observer, X);
    expect(view.status).toBe('agreed');
  });

  it('[SO4][LK1] a clause holding an open bracket does not lock when both parties sign it', async () => {
    const ts = await startTestServer();
    cleanup.push(() => ts.stop());
    const cookies = await allCookies(ts);
    const drafter = honestClient(ts, ts.demoMemoId, cookies.drafterUs);
    cleanup.push(() => drafter.p.destroy());
    await waitFor(() => drafter.p.synced, 'drafter synced');
    paragraphText(drafter.doc, AFTER_X, 'en').format(0, 12, { bracket: { party: 'us', reason: 'wording under review' } });
    const bracketedHash = hashOf(drafter.doc, AFTER_X);
    await waitFor(async () => (await clauseFromDetail(ts, ts.demoMemoId, cookies.observer, AFTER_X)).hash === bracketedHash, 'bracket stored');
    expect((await clauseFromDetail(ts, ts.demoMemoId, cookies.observer, AFTER_X)).status).toBe('contested');
    const first = await signOff(ts, ts.demoMemoId, AFTER_X, cookies.signatoryCn, bracketedHash);
    expect(first.status).toBe(200);
    const second = await signOff(ts, ts.demoMemoId, AFTER_X, cookies.signatoryUs, bracketedHash);
    expect(second.status).toBe(200);
    expect(second.body.locked).toBe(false);
    expect(second.body.status).toBe('contested');
    // Nothing locks it: the drafter can still change it.
    typeAtEnd(drafter.doc, AFTER_X, 'en', ' still editable');
    await waitFor(async () => clauseText(await serverDoc(ts, ts.demoMemoId), AFTER_X, 'en').includes(' still editable'), 'edit accepted');
    expect(drafter.notices).toEqual([]);
  });

  it('[LK1][LK2][LK3] deleting a locked clause\'s outline entry is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      getOutline(doc).delete(indexOfEntry(doc, 'clause', X), 1);
      typeAtEnd(doc, OTHER, 'en', ' survives-entry-delete');
    });
    await expectHeld(a, { outlineUnchanged: true, survivors: [{ clause: OTHER, lang: 'en', token: ' survives-entry-delete' }] });
  });

  it('[LK1][LK2][LK3] deleting the heading of the section holding a locked clause is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      getOutline(doc).delete(indexOfEntry(doc, 'section', X_SECTION), 1);
      typeAtEnd(doc, OTHER, 'en', ' survives-heading-delete');
    });
    await expectHeld(a, { outlineUnchanged: true, survivors: [{ clause: OTHER, lang: 'en', token: ' survives-heading-delete' }] });
  });

  it('[LK1][LK2][LK3] deleting the "status" section heading while status-2 is locked is undone', async () => {
    const a = await arena('status-2');
    attack(a, (doc) => {
      getOutline(doc).delete(indexOfEntry(doc, 'section', 'status'), 1);
      typeAtEnd(doc, OTHER, 'en', ' survives-status-heading');
    });
    await expectHeld(a, { outlineUnchanged: true, survivors: [{ clause: OTHER, lang: 'en', token: ' survives-status-heading' }] });
  });

  it('[LK1][LK2][LK3] deleting the level-1 parent heading of a sub-section holding a locked clause is undone', async () => {
    const a = await arena('principles-fisheries-1');
    attack(a, (doc) => {
      getOutline(doc).delete(indexOfEntry(doc, 'section', 'principles'), 1);
    });
    await expectHeld(a, { outlineUnchanged: true });
  });

  it('[LK1][LK2][LK3] moving a locked clause (delete + insert of its entry in one transaction) is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      const outline = getOutline(doc);
      outline.delete(indexOfEntry(doc, 'clause', X), 1);
      outline.insert(outline.length, [clauseEntry(X)]);
      typeAtEnd(doc, OTHER, 'en', ' survives-move');
    });
    await expectHeld(a, { outlineUnchanged: true, survivors: [{ clause: OTHER, lang: 'en', token: ' survives-move' }] });
  });

  it('[LK1][LK2][LK3] inserting a duplicate outline entry for a locked clause is undone', async () => {
    const a = await arena();
    attack(a, (doc) => {
      const outline = getOutline(doc);
      // One duplicate before everything (it would "count first" and so move the clause), one right after it.
      outline.insert(indexOfEntry(doc, 'clause', X) + 1, [clauseEntry(X)]);
      outline.insert(1, [clauseEntry(X)]);
      typeAtEnd(doc, OTHER, 'en', ' survives-duplicate');
    });
    await expectHeld(a, { outlineUnchanged: true, survivors: [{ clause: OTHER, lang: 'en', token: ' survives-duplicate' }] });
  });

  it('[LK1][LK2][LK3] moving the heading of a locked clause\'s section past it (delete + re-insert the heading) is undone', async () => {
    // Deleting an ancestor and putting it back elsewhere in the same transaction: X would leave its section.
    const a = await arena();
    attack(a, (doc) => {
      const outline = getOutline(doc);
      const heading = outline.get(indexOfEntry(doc, 'section', X_SECTION));
      outline.delete(indexOfEntry(doc, 'section', X_SECTION), 1);
      outline.insert(indexOfEntry(doc, 'clause', X) + 1, [{ ...heading }]);
    });
    await expectHeld(a, { outlineUnchanged: true });
  });

  it('[LK1][SE3] an update whose items reference ids the server does not have is refused (clock gap: 4002 resync; unknown origin: 4400), nothing stored, witness unchanged', async () => {
    const a = await arena();
    const rowsBefore = await storedRowCount(a.ts, a.memoId);
    const svBefore = Y.encodeStateVector(await serverDoc(a.ts, a.memoId));

    // (1) A clock gap: the second of two edits to X, without the first.
    const gap = await liveRaw(a.ts, a.memoId, a.cookies.drafterCn);
    cleanup.push(() => gap.raw.ws.terminate());
    capture(gap.doc, () => paragraphText(gap.doc, X, 'en').insert(0, 'FIRST '));
    const second = capture(gap.doc, () => {
      paragraphText(gap.doc, X, 'en').insert(6, 'SECOND ');
      typeAtEnd(gap.doc, OTHER, 'en', ' never-gap');
    });
    gap.raw.send(updateFrame(second));
    expect((await gap.raw.closed).code).toBe(CloseCode.resync); // a clock gap: transient, the client resyncs
    expect(gap.notices().map((n) => n.code)).toEqual([ErrorCode.conflict]);

    // (2) No gap, but the insert's origin is an item of another client id the server never saw.
    const ghost = await liveRaw(a.ts, a.memoId, a.cookies.drafterCn);
    cleanup.push(() => ghost.raw.ws.terminate());
    capture(ghost.doc, () => paragraphText(ghost.doc, X, 'en').insert(0, 'UNSEEN '));
    ghost.doc.clientID = ghost.doc.clientID + 1;
    const orphan = capture(ghost.doc, () => {
      paragraphText(ghost.doc, X, 'en').insert(3, 'ORPHAN');
      typeAtEnd(ghost.doc, OTHER, 'en', ' never-orphan');
    });
    ghost.raw.send(updateFrame(orphan));
    expect((await ghost.raw.closed).code).toBe(CloseCode.badMessage);
    expect(ghost.notices().map((n) => n.code)).toEqual([ErrorCode.conflict]);

    const live = await serverDoc(a.ts, a.memoId);
    expect(Y.encodeStateVector(live)).toEqual(svBefore);
    expect(live.store.pendingStructs).toBeNull();
    expect(await storedRowCount(a.ts, a.memoId)).toBe(rowsBefore);
    expect((await clauseFromDetail(a.ts, a.memoId, a.cookies.observer, X)).hash).toBe(a.lockedHash);
    expect(clauseText(live, OTHER, 'en')).not.toMatch(/never-/);
    expect(a.watch.contents).toEqual([]);
    expect(a.watch.places).toEqual([]);
    expect(canonical(a.witness.doc, X)).toBe(a.agreed);
    expect(clauseText(a.witness.doc, OTHER, 'en')).not.toMatch(/never-/);
    // The untouched attacker connection and the witness are still served.
    expect(a.attacker.raw.ws.readyState).toBe(a.attacker.raw.ws.OPEN);
    typeAtEnd(a.witness.doc, OTHER, 'zh', '仍然在线');
    await waitFor(() => clauseText(a.attacker.doc, OTHER, 'zh').endsWith('仍然在线'), 'a later legit edit still flows');
  });

  it('[LK1][LK2][LK3] offline edits to a locked clause arriving in the initial sync (step 2) are undone; offline edits to another clause survive', async () => {
    const ts = await startTestServer();
    cleanup.push(() => ts.stop());
    const memoId = ts.demoMemoId;
    const cookies = await allCookies(ts);

    // The "offline" client syncs while X is still open, then goes away.
    const offline = new Y.Doc();
    const first = await liveRaw(ts, memoId, cookies.drafterCn, offline);
    first.raw.ws.close();
    await first.raw.closed;

    // Meanwhile X is agreed and locked; a witness is watching.
    const lockedHash = await lockClause(ts, memoId, X, cookies);
    const witness = honestClient(ts, memoId, cookies.drafterUs);
    cleanup.push(() => witness.p.destroy());
    await waitFor(() => witness.p.synced && lockedHashIn(witness.doc, X) === lockedHash, 'witness synced with the lock');
    const agreed = canonical(witness.doc, X);
    const watch = watchClause(witness.doc, X);
    cleanup.push(() => watch.stop());

    // Offline edits: X (forbidden now) and OTHER (fine), plus a move of X.
    offline.transact(() => {
      paragraphText(offline, X, 'en').insert(0, 'OFFLINE REWRITE: ');
      paragraphText(offline, X, 'zh').delete(0, 6);
      typeAtEnd(offline, OTHER, 'en', ' offline-survives');
    });
    offline.transact(() => {
      const outline = getOutline(offline);
      outline.delete(indexOfEntry(offline, 'clause', X), 1);
      outline.insert(0, [clauseEntry(X)]);
    });
    expect(lockedHashIn(offline, X)).toBeNull(); // the replica does not know about the lock

    // Reconnect: the server opens with its step 1; we answer with step 2 holding everything, then ask for what we lack.
    const again = rawClient(ts, memoId, cookies.drafterCn);
    cleanup.push(() => again.ws.terminate());
    again.ws.on('message', (data: Buffer) => applySyncFrames(offline, [new Uint8Array(data)]));
    await again.opened;
    await waitFor(() => serverStateVector(again.messages) !== null, 'server sync step 1');
    again.send(step2Frame(Y.encodeStateAsUpdate(offline, serverStateVector(again.messages)!)));
    again.send(step1Frame(offline));

    await waitFor(() => noticesIn(again.messages).some((n) => n.code === ErrorCode.locked && n.clauseId === X), 'locked notice');
    const live = await serverDoc(ts, memoId);
    expect(canonical(live, X)).toBe(agreed);
    expect((await clauseFromDetail(ts, memoId, cookies.observer, X)).hash).toBe(lockedHash);
    expect(clauseText(live, OTHER, 'en')).toContain(' offline-survives');
    const place = placeOf(readOutline(witness.doc), X);
    expect(placeOf(readOutline(live), X)).toEqual(place);

    await waitFor(() => canonical(offline, X) === agreed && lockedHashIn(offline, X) === lockedHash, 'offline replica converges back');
    expect(placeOf(readOutline(offline), X)).toEqual(place);
    expect(clauseText(offline, OTHER, 'en')).toContain(' offline-survives');
    await waitFor(() => clauseText(witness.doc, OTHER, 'en').includes(' offline-survives'), 'witness gets the surviving edit');
    expect(canonical(witness.doc, X)).toBe(agreed);
    expect(new Set(watch.contents)).toEqual(new Set(watch.contents.length ? [agreed] : []));
    expect(watch.places.every((p) => p === JSON.stringify(place))).toBe(true);
    const { fromLog, fromLoad } = await storedDocs(ts, memoId);
    for (const doc of [fromLog, fromLoad]) {
      expect(canonical(doc, X)).toBe(agreed);
      expect(clauseText(doc, OTHER, 'en')).toContain(' offline-survives');
    }
  });

  it('[SO2][SO5][LK1] an edit racing the final signature: either the sign-off is refused (text_changed) and the edit stands, or the clause locks and the edit is undone', async () => {
    const seed = testSeed();
    const random = seededRandom(seed);
    const ts = await startTestServer();
    cleanup.push(() => ts.stop());
    const memoId = ts.demoMemoId;
    const cookies = await allCookies(ts);
    const author = honestClient(ts, memoId, cookies.facilitator);
    cleanup.push(() => author.p.destroy());
    const editor = await liveRaw(ts, memoId, cookies.drafterCn);
    cleanup.push(() => editor.raw.ws.terminate());
    await waitFor(() => author.p.synced, 'author synced');

    const outcomes = { refused: 0, locked: 0 };
    // LK2 on a connected replica: whenever it shows a race clause as locked, it shows the locked text.
    const transient: string[] = [];
    const checkReplica = (): void => {
      for (const e of readOutline(author.doc)) {
        if (e.t !== 'clause' || !e.id.startsWith('race-')) continue;
        const lockedHash = lockedHashIn(author.doc, e.id);
        if (lockedHash !== null && hashOf(author.doc, e.id) !== lockedHash) transient.push(e.id);
      }
    };
    author.doc.on('afterTransaction', checkReplica);
    cleanup.push(() => author.doc.off('afterTransaction', checkReplica));
    const ROUNDS = 30;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // A fresh clause per round, right after a random existing clause.
        const id = `race-${round}`;
        author.doc.transact(() => {
          for (const lang of ['zh', 'en']) {
            getClauseText(author.doc, id, lang).insert(0, [newParagraph([{ text: `Race clause ${round} (${lang}).`, marks: {} }])]);
          }
          const outline = getOutline(author.doc);
          outline.insert(1 + Math.floor(random() * (outline.length - 1)), [clauseEntry(id)]);
        });
        await waitFor(() => canonical(editor.doc, id) === canonical(author.doc, id) && readOutline(editor.doc).some((e) => e.id === id), 'editor sees the new clause');
        const { hash } = await clauseFromDetail(ts, memoId, cookies.observer, id);
        expect((await signOff(ts, memoId, id, cookies.signatoryCn, hash)).status).toBe(200);

        // The race: the edit frame and the final sign-off, each after a random short delay.
        const token = ` racing-edit-${round}`;
        const update = capture(editor.doc, () => typeAtEnd(editor.doc, id, 'en', token));
        const delay = (): Promise<void> => new Promise((r) => setTimeout(r, Math.floor(random() * 4)));
        const [, signed] = await Promise.all([
          delay().then(() => editor.raw.send(updateFrame(update))),
          delay().then(() => signOff(ts, memoId, id, cookies.signatoryUs, hash)),
        ]);
        await waitFor(() => editor.ackedClock() >= editor.localClock(), 'the edit was processed and stored');
        const live = await serverDoc(ts, memoId);
        const view = await clauseFromDetail(ts, memoId, cookies.observer, id);
        if (signed.status === 409) {
          outcomes.refused += 1;
          expect(errorOf(signed).code).toBe(ErrorCode.textChanged);
          expect((errorOf(signed).details as { currentHash: string }).currentHash).toBe(view.hash);
          expect(view.locked).toBe(false);
          expect(clauseText(live, id, 'en')).toContain(token);
        } else {
          expect(signed.status, JSON.stringify(signed.body)).toBe(200);
          outcomes.locked += 1;
          expect(signed.body.locked).toBe(true);
          expect(view.locked).toBe(true);
          expect(view.hash).toBe(hash);
          expect(clauseText(live, id, 'en')).not.toContain(token);
          await waitFor(() => editor.notices().some((n) => n.code === ErrorCode.locked && n.clauseId === id), 'locked notice');
          await waitFor(() => hashOf(editor.doc, id) === hash, 'editor converges back');
        }
        // The invariant: a locked clause's hash always equals its locked hash (server, REST, every replica).
        const lockedHash = lockedHashIn(live, id);
        if (lockedHash !== null) {
          expect(hashOf(live, id)).toBe(lockedHash);
          expect(view.hash).toBe(lockedHash);
          await waitFor(() => hashOf(author.doc, id) === lockedHash && hashOf(editor.doc, id) === lockedHash, 'replicas hold the locked text');
        }
      }
      // Every locked race clause, in storage too.
      const { fromLog } = await storedDocs(ts, memoId);
      const live = await serverDoc(ts, memoId);
      for (let round = 0; round < ROUNDS; round++) {
        const id = `race-${round}`;
        const lockedHash = lockedHashIn(live, id);
        if (lockedHash !== null) {
          expect(hashOf(live, id)).toBe(lockedHash);
          expect(hashOf(fromLog, id)).toBe(lockedHash);
        }
      }
      expect(transient).toEqual([]);
      console.info(`[race] seed ${seed}: ${outcomes.refused} refused (text_changed), ${outcomes.locked} locked`);
      expect(outcomes.refused + outcomes.locked).toBe(ROUNDS);
    } catch (error) {
      console.error(`[race] failed with ACCORD_SEED=${seed}`);
      throw error;
    }
  });

  it('[LK1][SE3] a client update writing to the server-only `agreement` map is refused (forbidden, closed 4400) and changes nothing', async () => {
    const a = await arena();
    const rowsBefore = await storedRowCount(a.ts, a.memoId);
    attack(a, (doc) => {
      getAgreementMap(doc).set(X, emptyAgreement());
      paragraphText(doc, X, 'en').insert(0, 'UNLOCKED BY CLIENT ');
      typeAtEnd(doc, OTHER, 'en', ' never-agreement');
    });
    expect((await a.attacker.raw.closed).code).toBe(CloseCode.badMessage);
    expect(a.attacker.notices().map((n) => n.code)).toEqual([ErrorCode.forbidden]);
    const live = await serverDoc(a.ts, a.memoId);
    expect(lockedHashIn(live, X)).toBe(a.lockedHash);
    expect(canonical(live, X)).toBe(a.agreed);
    expect(clauseText(live, OTHER, 'en')).not.toContain('never-agreement');
    expect(await storedRowCount(a.ts, a.memoId)).toBe(rowsBefore);
    const view = await clauseFromDetail(a.ts, a.memoId, a.cookies.observer, X);
    expect(view.locked).toBe(true);
    expect(view.hash).toBe(a.lockedHash);
    expect(lockedHashIn(a.witness.doc, X)).toBe(a.lockedHash);
    expect(a.watch.contents).toEqual([]);
  });

  it('[LK1][LK2] restoring a locked clause whose paragraph has several runs (status-2: bold lead phrase + plain text) gives back the agreed text', async () => {
    // Most real clauses open with a bold lead phrase; the restore must keep run order.
    const a = await arena('status-2');
    attack(a, (doc) => {
      paragraphText(doc, 'status-2', 'en').insert(5, ' X ');
      typeAtEnd(doc, OTHER, 'en', ' survives-status-2');
    });
    await expectHeld(a, { survivors: [{ clause: OTHER, lang: 'en', token: ' survives-status-2' }] });
  });

  it('[LK1][SE3] a non-text embed slipped into a locked clause\'s paragraph is refused outright, with nothing stored', async () => {
    // Embeds are outside the memo's rich-text model (and invisible to the hash), so the layout check refuses them
    // everywhere, locked or not: the update is not applied, the socket closes with 4400.
    const a = await arena();
    const rowsBefore = await storedRowCount(a.ts, a.memoId);
    attack(a, (doc) => {
      paragraphText(doc, X, 'en').insertEmbed(4, { image: 'https://evil.example/x.png' });
      typeAtEnd(doc, OTHER, 'en', ' never-embedded');
    });
    expect((await a.attacker.raw.closed).code).toBe(CloseCode.badMessage);
    expect(a.attacker.notices().map((n) => n.code)).toEqual([ErrorCode.badRequest]);
    const live = await serverDoc(a.ts, a.memoId);
    const delta = paragraphText(live, X, 'en').toDelta() as Array<{ insert: unknown }>;
    expect(delta.every((op) => typeof op.insert === 'string')).toBe(true);
    expect(clauseText(live, OTHER, 'en')).not.toContain('never-embedded');
    expect(lockedHashIn(live, X)).toBe(a.lockedHash);
    expect(await storedRowCount(a.ts, a.memoId)).toBe(rowsBefore);
    expect(a.watch.contents).toEqual([]);
  });
});

describe('the lock battery is sane', () => {
  it('[LK1] the arena really locks the clause and the witness and attacker start from the agreed text', async () => {
    const a = await arena();
    const detail = await memoDetail(a.ts, a.memoId, a.cookies.observer);
    expect(detail.languages).toEqual(['zh', 'en']);
    expect(canonical(a.attacker.doc, X)).toBe(a.agreed);
    expect(hashOf(a.attacker.doc, X)).toBe(a.lockedHash);
    expect(placeOf(a.outlineBefore, X)).toEqual({ count: 1, section: X_SECTION, before: `clause:${BEFORE_X}`, after: `clause:${AFTER_X}` });
  });
});
