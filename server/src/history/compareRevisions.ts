import type * as Y from 'yjs';
import type { ClauseId, LanguageCode, SectionId } from '@accord/shared/ids';
import { deriveStatus, readAgreement, type ClauseAgreement } from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import { buildStructure } from '@accord/shared/memo/structure';
import { clauseRoot, getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import type { ClauseComparison, DiffSpan, RevisionComparison, SpanAuthor } from '@accord/shared/history/schema';
import type { MemoRecord } from '../storage/Storage';
import { diffSequences } from './diffSequences';
import { hasBracket, markNames, sameTokens, textTokens, type TextTokens } from './textTokens';

/**
 * Who wrote the characters of a Yjs client id (the persisted client-id registry, see Storage.loadClientOwners).
 * Must return the same object for the same author: spans merge by identity.
 */
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
  /**
   * Root names (`clause:<id>:<lang>`) that no update between the two revisions
   * touched, when known: their text is the same in both, so they are not read.
   */
  untouched: (root: string) => boolean = () => false,
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
    const languages: Record<string, DiffSpan[]> = {};
    const tokensFrom: Array<TextTokens | null> = [];
    const tokensTo: Array<TextTokens | null> = [];
    for (const lang of memo.languages) {
      if (before && after && untouched(clauseRoot(id, lang))) {
        // Same text in both: nothing to diff; read only if the status needs to look for brackets.
        tokensFrom.push(null);
        tokensTo.push(null);
        continue;
      }
      const a = before ? textTokens(getClauseText(from.doc, id, lang)) : EMPTY;
      const b = after ? textTokens(getClauseText(to.doc, id, lang)) : EMPTY;
      tokensFrom.push(a);
      tokensTo.push(b);
      const spans = compareText(a, b, authorOf);
      if (spans) languages[lang] = spans;
    }
    const agreementFrom = before ? readAgreement(from.doc, id) : null;
    const agreementTo = after ? readAgreement(to.doc, id) : null;
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
      statusFrom: agreementFrom ? statusOf(from.doc, memo, id, agreementFrom, tokensFrom) : null,
      statusTo: agreementTo ? statusOf(to.doc, memo, id, agreementTo, tokensTo) : null,
      languages,
    });
    if (change !== 'unchanged' || moved) summary.changed += 1;
    if (change === 'added') summary.added += 1;
    if (change === 'deleted') summary.deleted += 1;
    if (moved) summary.moved += 1;
    const lockedFrom = agreementFrom?.locked != null;
    const lockedTo = agreementTo?.locked != null;
    if (lockedTo && !lockedFrom) summary.newlyAgreed += 1;
    if (lockedFrom && !lockedTo && after) summary.reopened += 1;
  }
  return { from: from.rev, to: to.rev, clauses, summary };
}

const EMPTY: TextTokens = { text: '', clients: [], marks: [], formatClients: [] };

// CL2 status without hashing every clause: the hash is only needed when there are sign-offs to check for
// staleness, and the text only when the clause is not locked (null tokens: not read yet).
function statusOf(doc: Y.Doc, memo: MemoRecord, id: ClauseId, agreement: ClauseAgreement, tokens: Array<TextTokens | null>): ClauseComparison['statusFrom'] {
  if (agreement.locked) return deriveStatus(agreement, '', false);
  const bracketed = memo.languages.some((lang, i) => hasBracket(tokens[i] ?? textTokens(getClauseText(doc, id, lang))));
  const hash = Object.keys(agreement.signoffs).length > 0 ? clauseHash(doc, id, memo.languages) : '';
  return deriveStatus(agreement, hash, bracketed);
}

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
function compareText(a: TextTokens, b: TextTokens, authorOf: AuthorOf): DiffSpan[] | null {
  if (sameTokens(a, b)) return null;
  const spans: DiffSpan[] = [];
  // Runs are built without an object per character: a span closes when the operation, the author or the marks change.
  let op: DiffSpan['op'] | null = null;
  let text = '';
  let author: SpanAuthor | null = null;
  let marksFrom = '';
  let marksTo = '';
  const close = (): void => {
    if (op === null) return;
    if (op === 'equal') spans.push({ op, text });
    else if (op === 'format') spans.push({ op, text, from: markNames(marksFrom), to: markNames(marksTo), author: author! });
    else spans.push({ op, text, author: author! });
  };
  const add = (nextOp: DiffSpan['op'], ch: string, nextAuthor: SpanAuthor | null, from = '', to = ''): void => {
    if (nextOp !== op || nextAuthor !== author || from !== marksFrom || to !== marksTo) {
      close();
      op = nextOp;
      text = '';
      author = nextAuthor;
      marksFrom = from;
      marksTo = to;
    }
    text += ch;
  };
  for (const step of diffSequences(a.text, b.text)) {
    if (step.op === 'insert') add('insert', b.text[step.b]!, authorOf(b.clients[step.b]!));
    else if (step.op === 'delete') add('delete', a.text[step.a]!, authorOf(a.clients[step.a]!));
    else if (a.marks[step.a] === b.marks[step.b]) add('equal', b.text[step.b]!, null);
    else add('format', b.text[step.b]!, authorOf(b.formatClients[step.b]!), a.marks[step.a], b.marks[step.b]);
  }
  close();
  return spans;
}
