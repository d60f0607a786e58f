import type * as Y from 'yjs';
import type { ClauseId, SectionId } from '@accord/shared/ids';
import { deriveStatus, hasBracketFormatItem, readAgreement } from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import type { ClauseView } from '@accord/shared/memo/schema';
import { buildStructure } from '@accord/shared/memo/structure';
import { clauseRoot, getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import { hasBracket, textTokens, type TextTokens } from './textTokens';

/** A clause of a digested revision: where it stood and its CL2 status then. */
export interface DigestClause {
  section: SectionId;
  number: number | null;
  status: ClauseView['status'];
  locked: boolean;
}

/**
 * What comparing needs of one revision, as plain data: every clause in
 * outline order with its place and status, and the compare tokens of the
 * language versions asked for (by root name `clause:<id>:<lang>`). Read once
 * from a rebuilt Y.Doc (possibly in a rebuild worker, see RebuildPool) so that
 * compare itself never walks Yjs items, and small enough to cache.
 */
export interface RevisionDigest {
  rev: number;
  /** Every clause, in outline order. */
  clauses: Map<ClauseId, DigestClause>;
  /** Tokens per root name; all language versions of every clause when `complete`. */
  texts: Map<string, TextTokens>;
  /** True when `texts` holds every language version of every clause. */
  complete: boolean;
}

/**
 * Digests a rebuilt revision. `roots`: the language versions whose tokens
 * compare will diff (the ones the log touched between the two revisions), or
 * null for all of them. The status is CL2 as compare has always shown it: a
 * clause's hash is computed only when it has sign-offs to check for staleness
 * and is neither locked nor contested.
 */
export function revisionDigest(doc: Y.Doc, rev: number, languages: readonly string[], roots: ReadonlySet<string> | null): RevisionDigest {
  const clauses = new Map<ClauseId, DigestClause>();
  const texts = new Map<string, TextTokens>();
  const tokensOf = (id: ClauseId, lang: string): TextTokens => {
    const root = clauseRoot(id, lang);
    let tokens = texts.get(root);
    if (!tokens) texts.set(root, (tokens = textTokens(getClauseText(doc, id, lang))));
    return tokens;
  };
  const visit = (sections: ReturnType<typeof buildStructure>): void => {
    for (const s of sections) {
      for (const c of s.clauses) {
        for (const lang of languages) if (roots === null || roots.has(clauseRoot(c.id, lang))) tokensOf(c.id, lang);
        clauses.set(c.id, clauseDigest(doc, c.id, s.id, c.number, languages, tokensOf));
      }
      visit(s.subsections);
    }
  };
  // One transaction for the whole read: the first read of each root gives it its type (Y.Doc.get), and each such
  // conversion would otherwise open and clean up a transaction of its own — 2,000 of them in a 1,000-clause memo.
  // A section's own clauses precede its sub-sections in the outline, so this visit is outline order.
  doc.transact(() => visit(buildStructure(readOutline(doc))));
  return { rev, clauses, texts, complete: roots === null };
}

/**
 * One clause's place and status in a rebuilt revision. `tokensOf` gives (and keeps) a language version's tokens;
 * it is asked only when the clause holds a bracket format item.
 */
export function clauseDigest(
  doc: Y.Doc,
  id: ClauseId,
  section: SectionId,
  number: number | null,
  languages: readonly string[],
  tokensOf: (id: ClauseId, lang: string) => TextTokens,
): DigestClause {
  const agreement = readAgreement(doc, id);
  let status: ClauseView['status'];
  if (agreement.locked) status = deriveStatus(agreement, '', false);
  else {
    // Most clauses hold no bracket format item at all: then no run can carry the mark (no tokens needed).
    const bracketed = languages.some((lang) => hasBracketFormatItem(getClauseText(doc, id, lang)) && hasBracket(tokensOf(id, lang)));
    const contested = bracketed || Object.keys(agreement.contests).length > 0;
    const hash = !contested && Object.keys(agreement.signoffs).length > 0 ? clauseHash(doc, id, languages) : '';
    status = deriveStatus(agreement, hash, bracketed);
  }
  return { section, number, status, locked: agreement.locked != null };
}

/** Format version of {@link encodeDigest}. */
const DIGEST_FORMAT = 1;

/** A complete digest as stored with a checkpoint (UTF-8 JSON). */
export function encodeDigest(digest: RevisionDigest): Uint8Array {
  if (!digest.complete) throw new Error('only a complete digest is stored');
  const clauses = [...digest.clauses].map(([id, c]) => [id, c.section, c.number, c.status, c.locked]);
  const texts = [...digest.texts].map(([root, t]) => [root, t.text, t.starts, t.clients, t.marks, t.formatClients, t.marksKey]);
  return new TextEncoder().encode(JSON.stringify({ format: DIGEST_FORMAT, rev: digest.rev, clauses, texts }));
}

/** The digest stored by {@link encodeDigest}, or null when written in a format this version does not read. */
export function decodeDigest(bytes: Uint8Array): RevisionDigest | null {
  const stored = JSON.parse(new TextDecoder().decode(bytes)) as {
    format: number;
    rev: number;
    clauses: Array<[ClauseId, SectionId, number | null, ClauseView['status'], boolean]>;
    texts: Array<[string, string, number[], number[], string[], number[], string]>;
  };
  if (stored.format !== DIGEST_FORMAT) return null;
  return {
    rev: stored.rev,
    clauses: new Map(stored.clauses.map(([id, section, number, status, locked]) => [id, { section, number, status, locked }])),
    texts: new Map(stored.texts.map(([root, text, starts, clients, marks, formatClients, marksKey]) => [root, { text, starts, clients, marks, formatClients, marksKey }])),
    complete: true,
  };
}
