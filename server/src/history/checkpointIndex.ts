import * as Y from 'yjs';
import type { ClauseId } from '@accord/shared/ids';
import { AGREEMENT_ROOT } from '@accord/shared/memo/agreement';
import { clauseRoot, getClauseText, OUTLINE_ROOT, parseRootName } from '@accord/shared/memo/ydocLayout';
import type { CheckpointIndexData, StoredUpdate } from '../storage/Storage';
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
export function indexCheckpoint(doc: Y.Doc, seq: number, languages: readonly string[]): CheckpointIndexData {
  return { segments: splitIntoSegments(doc), digest: encodeDigest(revisionDigest(doc, seq, languages, null)) };
}

/**
 * The complete digest of revision `rev` from the index of the checkpoint at or
 * before it, the log tail after that checkpoint up to `rev`, and the tail's
 * touch keys. Null when the index cannot answer — the tail changed the
 * outline (clauses added, moved or deleted: the places of every clause may
 * change) or the digest was stored in a format this version does not read —
 * and the caller rebuilds the revision in full instead.
 */
export function digestFromIndex(index: CheckpointIndexData, rev: number, tail: readonly StoredUpdate[], touched: ReadonlySet<string>, languages: readonly string[]): RevisionDigest | null {
  // The agreement map as a whole (not one clause's entry) is never a touch key today; if it were, its segments
  // (one per clause) could not be picked.
  if (touched.has(OUTLINE_ROOT) || touched.has(AGREEMENT_ROOT)) return null;
  const base = decodeDigest(index.digest);
  if (!base) return null;
  // Clauses whose text (any language) or agreement entry the tail touched: their tokens and status are read again.
  const clauses = new Set<ClauseId>();
  for (const key of touched) {
    if (key.startsWith(`${AGREEMENT_ROOT}:`)) clauses.add(key.slice(AGREEMENT_ROOT.length + 1) as ClauseId);
    else {
      const ref = parseRootName(key);
      if (ref?.kind === 'clause') clauses.add(ref.id);
    }
  }
  const digest: RevisionDigest = { ...base, rev };
  if (clauses.size === 0) return digest;

  // Every segment of those clauses (all languages: the status hashes the whole clause), plus what else the tail
  // touched (headings …) so that each tail update finds what it builds on.
  const wanted = (key: string): boolean => {
    if (touched.has(key)) return true;
    if (key.startsWith(`${AGREEMENT_ROOT}:`)) return clauses.has(key.slice(AGREEMENT_ROOT.length + 1) as ClauseId);
    const ref = parseRootName(key);
    return ref?.kind === 'clause' && clauses.has(ref.id);
  };
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    Y.applyUpdate(doc, assembleSegments(index.segments, wanted));
    for (const u of tail) Y.applyUpdate(doc, u.update);
  });
  // Every tail update must have found what it builds on; if one did not (it would wait as pending), rebuild in full.
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    doc.destroy();
    return null;
  }

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
  doc.destroy();
  return { rev, clauses: placed, texts, complete: true };
}
