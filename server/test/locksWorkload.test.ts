import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { asClauseId, type MemoId } from '@accord/shared/ids';
import { paragraphElement as newParagraph } from '@accord/shared/memo/richText';
import { getClauseText, getOutline, readOutline, type OutlineEntry } from '@accord/shared/memo/ydocLayout';
import { seededRandom, testSeed } from './support/random';
import { startTestServer, waitFor } from './support/testServer';
import {
  LANGS,
  allCookies,
  canonical,
  clauseFromDetail,
  clauseText,
  hashOf,
  honestClient,
  lockClause,
  lockedHashIn,
  placeOf,
  serverDoc,
  storedDocs,
  watchClause,
  type ClauseWatch,
  type Honest,
} from './support/agreement';

/**
 * LK1 without false refusals: with four clauses locked, three honest
 * y-websocket clients (accord=1) run a seeded random workload of legitimate
 * edits in and around the locked clauses — typing and deleting in the
 * clauses right before and after them (at their very start and end too),
 * formatting and bracketing other clauses, inserting new clauses right
 * before/after a locked clause's outline entry, moving unlocked clauses past
 * locked ones, adding paragraphs. The server must refuse nothing (zero
 * notices, no restore written), every replica and the server must converge,
 * every locked clause must keep its locked hash and place, and every edit
 * must land. Replay a failure with ACCORD_SEED=<seed printed below>.
 */

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const LOCKED = ['status-2', 'principles-fisheries-1', 'recommendations-2', 'future-1'];
const EDITS = 10_200;
const BURST = 20;
const TOKEN = /«[^«»]*»/g;

interface Worker {
  name: string;
  client: Honest;
  random: () => number;
  /** Seed clauses (unlocked) only this worker moves, plus the clauses it created. */
  movable: Set<string>;
  created: Set<string>;
  deleted: Set<string>;
  tokens: Array<{ clause: string; lang: string; token: string }>;
  counter: number;
  watches: ClauseWatch[];
}

const counts = { type: 0, delete: 0, format: 0, newClause: 0, move: 0, deleteClause: 0, paragraph: 0 };

/** Plain text of an XmlText (its string runs). */
const plain = (t: Y.XmlText): string =>
  (t.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');

/** Spans of tokens in a string: positions strictly inside one must not be split or deleted. */
function tokenSpans(s: string): Array<[number, number]> {
  return [...s.matchAll(TOKEN)].map((m) => [m.index, m.index + m[0].length]);
}

const pick = <T,>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function paragraphs(doc: Y.Doc, clause: string, lang: string): Y.XmlText[] {
  return getClauseText(doc, clause, lang)
    .toArray()
    .flatMap((el) => (el instanceof Y.XmlElement && el.get(0) instanceof Y.XmlText ? [el.get(0) as Y.XmlText] : []));
}

/** Clause entries right next to (±1, ±2) a locked clause's entry, or any unlocked clause. */
function target(w: Worker): string {
  const entries = readOutline(w.client.doc);
  const neighbours: string[] = [];
  entries.forEach((e, i) => {
    if (e.t !== 'clause' || !LOCKED.includes(e.id)) return;
    for (const d of [-2, -1, 1, 2]) {
      const n = entries[i + d];
      if (n?.t === 'clause' && !LOCKED.includes(n.id)) neighbours.push(n.id);
    }
  });
  if (neighbours.length > 0 && w.random() < 0.75) return pick(w.random, neighbours);
  return pick(
    w.random,
    entries.filter((e) => e.t === 'clause' && !LOCKED.includes(e.id)).map((e) => e.id),
  );
}

function typeOp(w: Worker): void {
  const doc = w.client.doc;
  const clause = target(w);
  const lang = pick(w.random, LANGS);
  const texts = paragraphs(doc, clause, lang);
  if (texts.length === 0) return;
  const token = `«${w.name}${w.counter++}»`;
  const where = w.random();
  let text: Y.XmlText;
  let at: number;
  if (where < 0.3) {
    text = texts[0]!; // the very start of the clause
    at = 0;
  } else if (where < 0.6) {
    text = texts[texts.length - 1]!; // the very end of the clause
    at = text.length;
  } else {
    text = pick(w.random, texts);
    const s = plain(text);
    at = Math.floor(w.random() * (s.length + 1));
    for (const [from, to] of tokenSpans(s)) if (at > from && at < to) at = to;
  }
  text.insert(at, token);
  w.tokens.push({ clause, lang, token });
  counts.type += 1;
}

/** Token-free stretches [from, to) of a string. */
function gaps(s: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const [a, b] of tokenSpans(s)) {
    if (a > at) out.push([at, a]);
    at = b;
  }
  if (s.length > at) out.push([at, s.length]);
  return out;
}

function deleteOp(w: Worker): void {
  const doc = w.client.doc;
  for (let attempt = 0; attempt < 6; attempt++) {
    const clause = target(w);
    const lang = pick(w.random, LANGS);
    const texts = paragraphs(doc, clause, lang);
    if (texts.length === 0) continue;
    const edge = w.random();
    // Deleting at the very start or end of a clause right next to a locked one, or anywhere.
    const text = edge < 0.25 ? texts[0]! : edge < 0.5 ? texts[texts.length - 1]! : pick(w.random, texts);
    const s = plain(text);
    const free = gaps(s);
    const len = 1 + Math.floor(w.random() * 3);
    let range: [number, number] | null = null;
    if (edge < 0.25) range = free[0]?.[0] === 0 && free[0][1] >= len ? [0, len] : null;
    else if (edge < 0.5) range = free.length > 0 && free[free.length - 1]![1] === s.length && free[free.length - 1]![1] - free[free.length - 1]![0] >= len ? [s.length - len, len] : null;
    else {
      const fitting = free.filter(([a, b]) => b - a >= len + 8); // keep some text in every stretch
      if (fitting.length > 0) {
        const [a, b] = pick(w.random, fitting);
        range = [a + Math.floor(w.random() * (b - a - len)), len];
      }
    }
    if (range === null || s.length - len < 8) continue;
    // Brackets belong to their party (SO4): deleting another party's bracketed text could remove the bracket, which the server undoes.
    if (touchesOthersBracket(text, range[0], range[1], w.name)) continue;
    text.delete(range[0], range[1]);
    counts.delete += 1;
    return;
  }
  typeOp(w);
}

function formatOp(w: Worker): void {
  const doc = w.client.doc;
  const clause = target(w);
  const lang = pick(w.random, LANGS);
  const texts = paragraphs(doc, clause, lang);
  if (texts.length === 0) return;
  const text = pick(w.random, texts);
  if (text.length < 2) return typeOp(w);
  const from = Math.floor(w.random() * (text.length - 1));
  const len = 1 + Math.floor(w.random() * Math.min(15, text.length - from));
  // Formatting only: brackets belong to their party, and a deletion racing another party's new bracket is
  // (rightly) undone by the server — a notice this workload must not count. Brackets have their own tests.
  const mark = pick(w.random, [{ bold: {} }, { italic: {} }, { bold: null }, { italic: null }] as Array<Record<string, unknown>>);
  text.format(from, len, mark);
  counts.format += 1;
}

/** True when [from, from+len) holds text bracketed by a party other than `party`. */
function touchesOthersBracket(text: Y.XmlText, from: number, len: number, party: string): boolean {
  let pos = 0;
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, { party?: unknown } | null> }>) {
    const size = typeof op.insert === 'string' ? op.insert.length : 1;
    const overlaps = pos < from + len && pos + size > from;
    if (overlaps && Object.entries(op.attributes ?? {}).some(([k, v]) => k.startsWith('bracket') && v?.party !== party)) return true;
    pos += size;
  }
  return false;
}

function lockedIndex(w: Worker): number {
  const entries = getOutline(w.client.doc).toArray();
  const id = pick(w.random, LOCKED);
  return entries.findIndex((e) => e.t === 'clause' && e.id === id);
}

function newClauseOp(w: Worker): void {
  const doc = w.client.doc;
  const id = `n-${w.name}-${w.counter++}`;
  const token = `«${w.name}${w.counter++}»`;
  const at = lockedIndex(w) + (w.random() < 0.5 ? 0 : 1); // right before or right after a locked entry
  doc.transact(() => {
    for (const lang of LANGS) getClauseText(doc, id, lang).insert(0, [newParagraph([{ text: `New clause ${token}`, marks: {} }])]);
    getOutline(doc).insert(at, [{ t: 'clause', id: asClauseId(id) }]);
  });
  for (const lang of LANGS) w.tokens.push({ clause: id, lang, token });
  w.created.add(id);
  w.movable.add(id);
  counts.newClause += 1;
}

function moveOp(w: Worker): void {
  const doc = w.client.doc;
  const outline = getOutline(doc);
  const candidates = [...w.movable].filter((id) => !w.deleted.has(id));
  if (candidates.length === 0) return typeOp(w);
  const id = pick(w.random, candidates);
  doc.transact(() => {
    const from = outline.toArray().findIndex((e) => e.t === 'clause' && e.id === id);
    if (from < 0) throw new Error(`${w.name} lost its clause ${id}`);
    outline.delete(from, 1);
    const to = lockedIndex(w) + (w.random() < 0.5 ? 0 : 1); // past a locked clause: right before or after it
    outline.insert(to, [{ t: 'clause', id: asClauseId(id) }]);
  });
  counts.move += 1;
}

function deleteClauseOp(w: Worker): void {
  const doc = w.client.doc;
  const alive = [...w.created].filter((id) => !w.deleted.has(id));
  if (alive.length < 3) return newClauseOp(w);
  const id = pick(w.random, alive);
  const outline = getOutline(doc);
  outline.delete(
    outline.toArray().findIndex((e) => e.t === 'clause' && e.id === id),
    1,
  );
  w.deleted.add(id);
  counts.deleteClause += 1;
}

function paragraphOp(w: Worker): void {
  const doc = w.client.doc;
  const clause = target(w);
  const lang = pick(w.random, LANGS);
  const token = `«${w.name}${w.counter++}»`;
  const fragment = getClauseText(doc, clause, lang);
  fragment.insert(w.random() < 0.5 ? 0 : fragment.length, [newParagraph([{ text: `Added paragraph ${token}`, marks: {} }])]);
  w.tokens.push({ clause, lang, token });
  counts.paragraph += 1;
}

function step(w: Worker): void {
  const r = w.random();
  if (r < 0.4) typeOp(w);
  else if (r < 0.6) deleteOp(w);
  else if (r < 0.74) formatOp(w);
  else if (r < 0.82) newClauseOp(w);
  else if (r < 0.92) moveOp(w);
  else if (r < 0.95) deleteClauseOp(w);
  else paragraphOp(w);
}

const stateOf = (doc: Y.Doc): Map<number, number> => Y.decodeStateVector(Y.encodeStateVector(doc));
const sameState = (a: Y.Doc, b: Y.Doc): boolean => {
  const sa = stateOf(a);
  const sb = stateOf(b);
  return sa.size === sb.size && [...sa].every(([c, k]) => sb.get(c) === k);
};

describe('no false refusals around locked clauses (LK1)', () => {
  it(`[LK1][LK2] ${EDITS} legitimate edits in and around four locked clauses from three clients: zero notices, convergence, locked hashes intact, every edit lands`, async () => {
    const seed = testSeed();
    console.info(`[locksWorkload] ACCORD_SEED=${seed}`);
    const started = Date.now();
    try {
      const ts = await startTestServer();
      cleanup.push(() => ts.stop());
      const memoId = ts.demoMemoId;
      const cookies = await allCookies(ts);
      const lockedHashes = new Map<string, string>();
      for (const id of LOCKED) lockedHashes.set(id, await lockClause(ts, memoId, id, cookies));
      const rowsAtLock = (await ts.server.storage.listUpdates(memoId as MemoId, 0, 1_000_000)).length;

      const master = seededRandom(seed);
      const names = ['cn', 'us', 'fa'];
      const logins = [cookies.drafterCn, cookies.drafterUs, cookies.facilitator];
      const workers: Worker[] = names.map((name, i) => {
        const client = honestClient(ts, memoId, logins[i]!);
        cleanup.push(() => client.p.destroy());
        return {
          name,
          client,
          random: seededRandom(Math.floor(master() * 2 ** 31)),
          movable: new Set(),
          created: new Set(),
          deleted: new Set(),
          tokens: [],
          counter: 0,
          watches: [],
        };
      });
      await waitFor(() => workers.every((w) => w.client.p.synced && LOCKED.every((id) => lockedHashIn(w.client.doc, id) === lockedHashes.get(id))), 'clients synced with the locks');
      const first = workers[0]!.client.doc;
      const agreed = new Map(LOCKED.map((id) => [id, canonical(first, id)]));
      const sections = new Map(LOCKED.map((id) => [id, placeOf(readOutline(first), id).section]));
      const seedClauses = readOutline(first).filter((e): e is OutlineEntry & { t: 'clause' } => e.t === 'clause').map((e) => e.id as string);
      seedClauses.filter((id) => !LOCKED.includes(id)).forEach((id, i) => workers[i % workers.length]!.movable.add(id));
      for (const w of workers) for (const id of LOCKED) w.watches.push(watchClause(w.client.doc, id));
      cleanup.push(() => workers.forEach((w) => w.watches.forEach((x) => x.stop())));

      // The workload: bursts of BURST edits per client, then a turn of the event loop so frames flow both ways.
      let edits = 0;
      while (edits < EDITS) {
        for (const w of workers) {
          for (let i = 0; i < BURST && edits < EDITS; i++, edits++) step(w);
        }
        await new Promise((r) => setTimeout(r, 1));
      }
      const editsDone = Date.now();

      // Convergence: every client holds exactly the server's state.
      const live = await serverDoc(ts, memoId);
      await waitFor(async () => {
        const doc = await serverDoc(ts, memoId);
        return workers.every((w) => sameState(w.client.doc, doc));
      }, 'all clients to converge with the server', 30_000);

      // Zero false refusals: no notice, and the server wrote no restore (every stored row after the locks has an author).
      expect(workers.map((w) => w.client.notices)).toEqual(workers.map(() => []));
      const rows = await ts.server.storage.listUpdates(memoId as MemoId, 0, 1_000_000);
      expect(rows.slice(rowsAtLock).filter((r) => r.userId === null).length).toBe(0);

      // Locked clauses: hash, text and section unchanged everywhere; no replica ever saw their text change.
      for (const id of LOCKED) {
        const view = await clauseFromDetail(ts, memoId, cookies.observer, id);
        expect(view.hash).toBe(lockedHashes.get(id));
        expect(view.locked).toBe(true);
        expect(hashOf(live, id)).toBe(lockedHashes.get(id));
        const place = placeOf(readOutline(live), id);
        expect(place.count).toBe(1);
        expect(place.section).toBe(sections.get(id));
        for (const w of workers) {
          expect(canonical(w.client.doc, id)).toBe(agreed.get(id));
          expect(hashOf(w.client.doc, id)).toBe(lockedHashes.get(id));
        }
      }
      for (const w of workers) {
        for (const watch of w.watches) {
          expect(watch.contents).toEqual([]);
          for (const p of watch.places) {
            const parsed = JSON.parse(p) as { count: number; section: string };
            expect(parsed.count).toBe(1);
          }
        }
      }

      // Every replica and the server hold the same memo.
      const outline = readOutline(live);
      const allIds = new Set<string>([...seedClauses, ...workers.flatMap((w) => [...w.created])]);
      for (const w of workers) {
        expect(readOutline(w.client.doc)).toEqual(outline);
        for (const id of allIds) for (const lang of LANGS) expect(clauseText(w.client.doc, id, lang)).toBe(clauseText(live, id, lang));
        for (const id of allIds) expect(canonical(w.client.doc, id)).toBe(canonical(live, id));
      }

      // Every edit landed: each token exactly once where it was typed; every clause where its owner left it.
      for (const w of workers) {
        for (const { clause, lang, token } of w.tokens) {
          const occurrences = clauseText(live, clause, lang).split(token).length - 1;
          expect(occurrences, `${token} in ${clause}:${lang}`).toBe(1);
        }
        for (const id of w.created) {
          const count = outline.filter((e) => e.t === 'clause' && e.id === id).length;
          expect(count, `entries of ${id}`).toBe(w.deleted.has(id) ? 0 : 1);
        }
      }
      for (const id of seedClauses) expect(outline.filter((e) => e.t === 'clause' && e.id === id).length, `entries of ${id}`).toBe(1);

      // Storage holds the same memo.
      const { fromLog, fromLoad } = await storedDocs(ts, memoId);
      for (const doc of [fromLog, fromLoad]) {
        expect(readOutline(doc)).toEqual(outline);
        for (const id of allIds) expect(canonical(doc, id)).toBe(canonical(live, id));
      }

      const tokens = workers.reduce((n, w) => n + w.tokens.length, 0);
      console.info(
        `[locksWorkload] seed ${seed}: ${edits} edits (${JSON.stringify(counts)}), ${tokens} tokens, ${rows.length - rowsAtLock} stored rows; ` +
          `edits ${editsDone - started} ms, total ${Date.now() - started} ms`,
      );
      expect(edits).toBeGreaterThanOrEqual(10_000);
    } catch (error) {
      console.error(`[locksWorkload] FAILED — replay with ACCORD_SEED=${seed}`);
      throw error;
    }
  }, 120_000);
});
