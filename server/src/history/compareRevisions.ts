import type { ClauseId } from '@accord/shared/ids';
import { clauseRoot } from '@accord/shared/memo/ydocLayout';
import type { ClauseComparison, DiffSpan, RevisionComparison, SpanAuthor } from '@accord/shared/history/schema';
import type { MemoRecord } from '../storage/Storage';
import { diffSequences, diffTextRuns, RUN_DELETE, RUN_EQUAL, RUN_INSERT } from './diffSequences';
import type { RevisionDigest } from './revisionDigest';
import { EMPTY_TOKENS, markNames, runAt, runEnd, sameTokens, type TextTokens } from './textTokens';

/**
 * Who wrote the characters of a Yjs client id (the persisted client-id registry, see Storage.loadClientOwners).
 * Must return the same object for the same author: spans merge by identity.
 */
export type AuthorOf = (client: number) => SpanAuthor;

/**
 * Compares two digested revisions of a memo clause by clause and language by
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
  from: RevisionDigest,
  to: RevisionDigest,
  authorOf: AuthorOf,
  /**
   * Root names (`clause:<id>:<lang>`) that no update between the two revisions
   * touched, when known: their text is the same in both, so they are not read
   * (the digests need not hold them).
   */
  untouched: (root: string) => boolean = () => false,
): RevisionComparison {
  const idsFrom = [...from.clauses.keys()];
  const idsTo = [...to.clauses.keys()];
  const order = diffSequences(idsFrom, idsTo);
  const inLcs = new Set<ClauseId>();
  for (const op of order) if (op.op === 'equal') inLcs.add(idsFrom[op.a]!);

  const clauses: ClauseComparison[] = [];
  const summary = { changed: 0, added: 0, deleted: 0, moved: 0, newlyAgreed: 0, reopened: 0 };
  for (const op of order) {
    let id: ClauseId;
    if (op.op === 'delete') {
      id = idsFrom[op.a]!;
      if (to.clauses.has(id)) continue; // moved: reported where it now is
    } else id = op.op === 'equal' ? idsFrom[op.a]! : idsTo[op.b]!;
    const before = from.clauses.get(id) ?? null;
    const after = to.clauses.get(id) ?? null;
    const languages: Record<string, DiffSpan[]> = {};
    for (const lang of memo.languages) {
      const root = clauseRoot(id, lang);
      if (before && after && untouched(root)) continue; // same text in both: nothing to diff
      const a = before ? tokensOf(from, root) : EMPTY_TOKENS;
      const b = after ? tokensOf(to, root) : EMPTY_TOKENS;
      const spans = compareText(a, b, authorOf);
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
      statusFrom: before?.status ?? null,
      statusTo: after?.status ?? null,
      languages,
    });
    if (change !== 'unchanged' || moved) summary.changed += 1;
    if (change === 'added') summary.added += 1;
    if (change === 'deleted') summary.deleted += 1;
    if (moved) summary.moved += 1;
    const lockedFrom = before?.locked ?? false;
    const lockedTo = after?.locked ?? false;
    if (lockedTo && !lockedFrom) summary.newlyAgreed += 1;
    if (lockedFrom && !lockedTo && after) summary.reopened += 1;
  }
  return { from: from.rev, to: to.rev, clauses, summary };
}

function tokensOf(digest: RevisionDigest, root: string): TextTokens {
  const tokens = digest.texts.get(root);
  if (!tokens) throw new Error(`revision ${digest.rev} was digested without ${root}`);
  return tokens;
}

/** Spans of one language version, or null when its text and marks are the same in both revisions. */
function compareText(a: TextTokens, b: TextTokens, authorOf: AuthorOf): DiffSpan[] | null {
  if (sameTokens(a, b)) return null;
  const spans = new SpanWriter();
  const runs = diffTextRuns(a.text, b.text);
  for (let r = 0; r < runs.length; r += 4) {
    const kind = runs[r]!;
    const startA = runs[r + 1]!;
    const startB = runs[r + 2]!;
    const length = runs[r + 3]!;
    if (kind === RUN_INSERT) {
      // Split where the writer changes (one piece per Yjs item of `to`).
      for (let at = startB, run = runAt(b, at); at < startB + length; run += 1) {
        const end = Math.min(runEnd(b, run), startB + length);
        spans.add('insert', b.text.slice(at, end), authorOf(b.clients[run]!));
        at = end;
      }
    } else if (kind === RUN_DELETE) {
      for (let at = startA, run = runAt(a, at); at < startA + length; run += 1) {
        const end = Math.min(runEnd(a, run), startA + length);
        spans.add('delete', a.text.slice(at, end), authorOf(a.clients[run]!));
        at = end;
      }
    } else if (kind === RUN_EQUAL) {
      // Same text: split where the marks of either side change; pieces whose marks differ are formatting changes.
      let atA = startA;
      let atB = startB;
      let runA = runAt(a, atA);
      let runB = runAt(b, atB);
      while (atB < startB + length) {
        const endA = runEnd(a, runA);
        const endB = runEnd(b, runB);
        const piece = Math.min(endA - atA, endB - atB, startB + length - atB);
        const marksA = a.marks[runA]!;
        const marksB = b.marks[runB]!;
        const text = b.text.slice(atB, atB + piece);
        if (marksA === marksB) spans.add('equal', text, null);
        else spans.add('format', text, authorOf(b.formatClients[runB]!), marksA, marksB);
        atA += piece;
        atB += piece;
        if (atA === endA) runA += 1;
        if (atB === endB) runB += 1;
      }
    }
  }
  return spans.close();
}

/** Builds spans from pieces: a piece joins the previous span when its operation, author and marks are the same. */
class SpanWriter {
  private readonly spans: DiffSpan[] = [];
  private op: DiffSpan['op'] | null = null;
  private parts: string[] = [];
  private author: SpanAuthor | null = null;
  private marksFrom = '';
  private marksTo = '';

  add(op: DiffSpan['op'], text: string, author: SpanAuthor | null, marksFrom = '', marksTo = ''): void {
    if (op !== this.op || author !== this.author || marksFrom !== this.marksFrom || marksTo !== this.marksTo) {
      this.flush();
      this.op = op;
      this.parts = [];
      this.author = author;
      this.marksFrom = marksFrom;
      this.marksTo = marksTo;
    }
    this.parts.push(text);
  }

  close(): DiffSpan[] {
    this.flush();
    this.op = null;
    return this.spans;
  }

  private flush(): void {
    const op = this.op;
    if (op === null) return;
    const text = this.parts.join('');
    if (op === 'equal') this.spans.push({ op, text });
    else if (op === 'format') this.spans.push({ op, text, from: markNames(this.marksFrom), to: markNames(this.marksTo), author: this.author! });
    else this.spans.push({ op, text, author: this.author! });
  }
}
