import type * as Y from 'yjs';
import type { ClauseId, LanguageCode, SectionId } from '@accord/shared/ids';
import { readAgreement } from '@accord/shared/memo/agreement';
import { canonicalFragment, stableStringify } from '@accord/shared/memo/canonical';
import { buildStructure } from '@accord/shared/memo/structure';
import { getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import type { ClauseComparison, DiffSpan, RevisionComparison, SpanAuthor } from '@accord/shared/history/schema';
import type { MemoRecord } from '../storage/Storage';
import { clauseView } from '../signoff/clauseView';
import { diffSequences } from './diffSequences';
import { markNames, textTokens, type TextToken } from './textTokens';

/** Who wrote the characters of a Yjs client id (the persisted client-id registry, see Storage.loadClientOwners). */
export type AuthorOf = (client: number) => SpanAuthor;

interface Placed {
  section: SectionId;
  number: number | null;
}

/**
 * Compares two rebuilt revisions of a memo clause by clause and language by
 * language (HI1). Text is compared as characters (Myers), so the result is
 * what a reader sees changed; each inserted character is attributed to the
 * writer of the Yjs item that holds it in `to`, each deleted one to the writer
 * of its item in `from`, and a formatting change to the writer of the
 * formatting item in force in `to`. Clause order is compared as a sequence of
 * ids: a clause kept in both but outside their longest common subsequence, or
 * in another section, is reported as moved.
 */
export function compareRevisions(
  memo: MemoRecord,
  from: { rev: number; doc: Y.Doc },
  to: { rev: number; doc: Y.Doc },
  authorOf: AuthorOf,
): RevisionComparison {
  const placesFrom = placesOf(from.doc);
  const placesTo = placesOf(to.doc);
  const idsFrom = [...placesFrom.keys()];
  const idsTo = [...placesTo.keys()];
  const order = diffSequences(idsFrom, idsTo);
  const inLcs = new Set<ClauseId>();
  for (const op of order) if (op.op === 'equal') inLcs.add(idsFrom[op.a]!);

  const clauses: ClauseComparison[] = [];
  const summary = { changed: 0, added: 0, deleted: 0, moved: 0, newlyAgreed: 0, reopened: 0 };
  for (const op of order) {
    let id: ClauseId;
    if (op.op === 'delete') {
      id = idsFrom[op.a]!;
      if (placesTo.has(id)) continue; // moved: reported where it now is
    } else id = op.op === 'equal' ? idsFrom[op.a]! : idsTo[op.b]!;
    const before = placesFrom.get(id) ?? null;
    const after = placesTo.get(id) ?? null;
    const viewFrom = before ? clauseView(from.doc, memo, id, before.number) : null;
    const viewTo = after ? clauseView(to.doc, memo, id, after.number) : null;
    const languages: Record<string, DiffSpan[]> = {};
    for (const lang of memo.languages) {
      const spans = compareText(before ? from.doc : null, after ? to.doc : null, id, lang, authorOf);
      if (spans) languages[lang] = spans;
    }
    const moved = before !== null && after !== null && (!inLcs.has(id) || before.section !== after.section);
    const change = !before ? 'added' : !after ? 'deleted' : Object.keys(languages).length > 0 ? 'changed' : 'unchanged';
    clauses.push({
      id,
      change,
      moved,
      numberFrom: before?.number ?? null,
      numberTo: after?.number ?? null,
      sectionFrom: before?.section ?? null,
      sectionTo: after?.section ?? null,
      statusFrom: viewFrom?.status ?? null,
      statusTo: viewTo?.status ?? null,
      languages,
    });
    if (change !== 'unchanged' || moved) summary.changed += 1;
    if (change === 'added') summary.added += 1;
    if (change === 'deleted') summary.deleted += 1;
    if (moved) summary.moved += 1;
    const lockedFrom = before ? isLocked(from.doc, id) : false;
    const lockedTo = after ? isLocked(to.doc, id) : false;
    if (lockedTo && !lockedFrom) summary.newlyAgreed += 1;
    if (lockedFrom && !lockedTo && after) summary.reopened += 1;
  }
  return { from: from.rev, to: to.rev, clauses, summary };
}

const isLocked = (doc: Y.Doc, id: ClauseId): boolean => readAgreement(doc, id).locked !== null;

/** Every clause of a revision with its section and number, in outline order. */
function placesOf(doc: Y.Doc): Map<ClauseId, Placed> {
  const places = new Map<ClauseId, Placed>();
  const visit = (sections: ReturnType<typeof buildStructure>): void => {
    for (const s of sections) {
      for (const c of s.clauses) places.set(c.id, { section: s.id, number: c.number });
      visit(s.subsections);
    }
  };
  // A section's own clauses precede its sub-sections in the outline, so this visit is outline order.
  visit(buildStructure(readOutline(doc)));
  return places;
}

/** Spans of one language version, or null when its text and marks are the same in both revisions. */
function compareText(docFrom: Y.Doc | null, docTo: Y.Doc | null, id: ClauseId, lang: LanguageCode, authorOf: AuthorOf): DiffSpan[] | null {
  const fragFrom = docFrom ? getClauseText(docFrom, id, lang) : null;
  const fragTo = docTo ? getClauseText(docTo, id, lang) : null;
  if (fragFrom && fragTo && stableStringify(canonicalFragment(fragFrom)) === stableStringify(canonicalFragment(fragTo))) return null;
  const a = fragFrom ? textTokens(fragFrom) : [];
  const b = fragTo ? textTokens(fragTo) : [];
  if (a.length === 0 && b.length === 0) return null;
  const spans: DiffSpan[] = [];
  const push = (span: DiffSpan): void => {
    const last = spans[spans.length - 1];
    if (last && last.op === span.op && sameAttribution(last, span)) last.text += span.text;
    else spans.push(span);
  };
  for (const op of diffSequences(a, b, (x, y) => x.ch === y.ch)) {
    if (op.op === 'insert') push({ op: 'insert', text: b[op.b]!.ch, author: authorOf(b[op.b]!.client) });
    else if (op.op === 'delete') push({ op: 'delete', text: a[op.a]!.ch, author: authorOf(a[op.a]!.client) });
    else {
      const x: TextToken = a[op.a]!;
      const y: TextToken = b[op.b]!;
      if (x.marks === y.marks) push({ op: 'equal', text: y.ch });
      else push({ op: 'format', text: y.ch, from: markNames(x.marks), to: markNames(y.marks), author: authorOf(y.formatClient) });
    }
  }
  return spans;
}

function sameAttribution(a: DiffSpan, b: DiffSpan): boolean {
  if (a.op === 'equal' || b.op === 'equal') return a.op === b.op;
  if (a.author.userId !== b.author.userId || a.author.partyId !== b.author.partyId) return false;
  if (a.op === 'format' && b.op === 'format') return a.from.join() === b.from.join() && a.to.join() === b.to.join();
  return true;
}
