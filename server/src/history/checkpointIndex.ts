import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import type { ClauseId } from '@accord/shared/ids';
import { AGREEMENT_ROOT } from '@accord/shared/memo/agreement';
import { clauseRoot, getClauseText, OUTLINE_ROOT, parseRootName } from '@accord/shared/memo/ydocLayout';
import type { CheckpointIndexData, MemoRecord, Storage, StoredUpdate } from '../storage/Storage';
import { assembleSegments, splitIntoSegments } from './checkpointSegments';
import { clauseDigest, decodeDigest, encodeDigest, revisionDigest, type RevisionDigest } from './revisionDigest';
import { textTokens, type TextTokens } from './textTokens';

/**
 * History's index of a checkpoint, written with it (MemoDocument.checkpoint):
 * the checkpoint's compare digest (every clause's place, status and tokens)
 * and its state split by touch key (checkpointSegments.ts).
 *
 * With it, comparing needs no full rebuild: a revision N is its checkpoint's
 * digest with the clauses the log tail (checkpoint, N] touched read again —
 * from a small Y.Doc of just those clauses' segments plus the tail. A
 * 1,000-clause checkpoint is ~1 MB of Yjs state to decode; the ~5–20 clauses a
 * tail of up to 500 updates touches are a few kilobytes.
 */
export function indexCheckpoint(
  doc: Y.Doc,
  seq: number,
  languages: readonly string[],
  /**
   * The index last written from this same document and the touch keys of every update committed since: only
   * the clauses those touched are read again (a checkpoint every 500 updates touches a few dozen of 1,000).
   */
  previous: { state: IndexedState; touched: ReadonlySet<string> } | null = null,
): { data: CheckpointIndexData; state: IndexedState } {
  const reads = previous ? tailReads(previous.touched, languages) : null;
  let digest: RevisionDigest;
  let segments: Map<string, Uint8Array>;
  let stateVector: Uint8Array;
  if (previous && reads) {
    digest = refreshClauses(previous.state.digest, seq, doc, reads.clauses, languages);
    const split = splitIntoSegments(doc, reads.keys);
    segments = new Map(previous.state.segments);
    for (const key of reads.keys) segments.delete(key);
    for (const [key, bytes] of split.segments) segments.set(key, bytes);
    stateVector = split.stateVector;
  } else {
    digest = revisionDigest(doc, seq, languages, null);
    ({ segments, stateVector } = splitIntoSegments(doc));
  }
  // The digest is stored deflated: a 1,000-clause memo's shrinks ~6× (its texts repeat), and SQLite reads a
  // blob of ~1 MB slower than zlib inflates a sixth of it.
  const stored = new Uint8Array(deflateRawSync(encodeDigest(digest), { level: 1 }));
  return { data: { digest: stored, stateVector, segments }, state: { seq, digest, segments } };
}

/** What the writer of checkpoint indexes keeps of the last one (see {@link indexCheckpoint}). */
export interface IndexedState {
  seq: number;
  digest: RevisionDigest;
  segments: Map<string, Uint8Array>;
}

/** A revision is read from a checkpoint index only up to this many updates after it (else: full rebuild). */
const MAX_INDEX_TAIL = 2000;

/**
 * The complete digest of a revision from the newest checkpoint index at or before it, or null when there is
 * none or it cannot answer (see {@link tailReads}, {@link digestFromIndex}): the caller rebuilds in full then.
 */
export async function indexedDigest(storage: Storage, memo: MemoRecord, revision: number): Promise<RevisionDigest | null> {
  const index = await storage.loadCheckpointIndexAtOrBefore(memo.id, revision);
  // Past MAX_INDEX_TAIL updates (checkpoints without an index in between) a full rebuild is as quick.
  if (!index || revision - index.seq > MAX_INDEX_TAIL) return null;
  const touched = new Set<string>();
  if (revision > index.seq) {
    for (const row of await storage.listUpdateMeta(memo.id, revision + 1, revision - index.seq)) {
      if (row.touched === null) return null; // stored before touch keys existed: what the tail changed is unknown
      for (const key of row.touched) touched.add(key);
    }
  }
  const reads = tailReads(touched, memo.languages);
  if (!reads) return null;
  const segments = reads.clauses.size > 0 ? await storage.loadCheckpointSegments(memo.id, index.seq, reads.keys) : new Map<string, Uint8Array>();
  const tail = reads.clauses.size > 0 ? await storage.listUpdatesBetween(memo.id, index.seq, revision) : [];
  return digestFromIndex(index, revision, reads, segments, tail, memo.languages);
}

/** What a revision's digest needs read again from the tail: the clauses it touched and their segments' keys. */
export interface TailReads {
  /** Clauses whose text (any language) or agreement entry the tail touched. */
  clauses: Set<ClauseId>;
  /** Segments to load: every segment of those clauses (all languages: the status hashes the whole clause) and
   * whatever else the tail touched (headings …), so that each tail update finds what it builds on. */
  keys: Set<string>;
}

/**
 * What to read for a tail with these touch keys, or null when the index cannot answer: the tail changed the
 * outline (clauses added, moved or deleted: every clause's place may change).
 */
export function tailReads(touched: ReadonlySet<string>, languages: readonly string[]): TailReads | null {
  // The agreement map as a whole (not one clause's entry) is never a touch key today; if it were, its segments
  // (one per clause) could not be picked.
  if (touched.has(OUTLINE_ROOT) || touched.has(AGREEMENT_ROOT)) return null;
  const clauses = new Set<ClauseId>();
  for (const key of touched) {
    if (key.startsWith(`${AGREEMENT_ROOT}:`)) clauses.add(key.slice(AGREEMENT_ROOT.length + 1) as ClauseId);
    else {
      const ref = parseRootName(key);
      if (ref?.kind === 'clause') clauses.add(ref.id);
    }
  }
  const keys = new Set(touched);
  for (const id of clauses) {
    keys.add(`${AGREEMENT_ROOT}:${id}`);
    for (const lang of languages) keys.add(clauseRoot(id, lang));
  }
  return { clauses, keys };
}

/**
 * The complete digest of revision `rev` from the index of a checkpoint at or before it (its digest and state
 * vector), the segments named by {@link tailReads}, and the log tail after the checkpoint up to `rev`. Null
 * when the index cannot answer (a digest format this version does not read, a tail update that did not find
 * what it builds on): the caller rebuilds the revision in full instead.
 */
export function digestFromIndex(
  index: { digest: Uint8Array; stateVector: Uint8Array },
  rev: number,
  reads: TailReads,
  segments: Map<string, Uint8Array>,
  tail: readonly StoredUpdate[],
  languages: readonly string[],
): RevisionDigest | null {
  const base = decodeDigest(new Uint8Array(inflateRawSync(index.digest)));
  if (!base) return null;
  if (reads.clauses.size === 0) return { ...base, rev };

  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    Y.applyUpdate(doc, assembleSegments(index.stateVector, segments.values()));
    for (const u of tail) Y.applyUpdate(doc, u.update);
  });
  // Every tail update must have found what it builds on; if one did not (it would wait as pending), rebuild in full.
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    doc.destroy();
    return null;
  }

  const digest = refreshClauses(base, rev, doc, reads.clauses, languages);
  doc.destroy();
  return digest;
}

/** `base` with the tokens and status of `clauses` read again from `doc` (the outline unchanged since `base`). */
function refreshClauses(base: RevisionDigest, rev: number, doc: Y.Doc, clauses: ReadonlySet<ClauseId>, languages: readonly string[]): RevisionDigest {
  const texts = new Map(base.texts);
  const fresh = new Set<string>();
  const tokensOf = (id: ClauseId, lang: string): TextTokens => {
    const root = clauseRoot(id, lang);
    let tokens = texts.get(root);
    if (!tokens || !fresh.has(root)) {
      texts.set(root, (tokens = textTokens(getClauseText(doc, id, lang))));
      fresh.add(root);
    }
    return tokens;
  };
  const placed = new Map(base.clauses);
  doc.transact(() => {
    for (const id of clauses) {
      const place = base.clauses.get(id);
      if (!place) continue; // not in the outline (the outline did not change, so not at this revision either)
      for (const lang of languages) tokensOf(id, lang);
      placed.set(id, clauseDigest(doc, id, place.section, place.number, languages, tokensOf));
    }
  });
  return { rev, clauses: placed, texts, complete: true };
}

