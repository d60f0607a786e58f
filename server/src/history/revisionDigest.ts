import type * as Y from 'yjs';
import type { ClauseId, SectionId } from '@accord/shared/ids';
import { deriveStatus, hasBracketFormatItem, readAgreement } from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import type { ClauseView } from '@accord/shared/memo/schema';
import { buildStructure } from '@accord/shared/memo/structure';
import { clauseRoot, getClauseText, readOutline } from '@accord/shared/memo/ydocLayout';
import { hasBracket, marksKeyOf, textTokens, type TextTokens } from './textTokens';

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
const DIGEST_FORMAT = 3;

interface StoredDigestHeader {
  format: number;
  rev: number;
  clauses: Array<[ClauseId, SectionId, number | null, ClauseView['status'], boolean]>;
  /** Per language version: root name, text length, then per run: start, client index, marks index, format client index. */
  texts: Array<[string, number, number[]]>;
  clients: number[];
  marks: string[];
}

/**
 * A complete digest as stored with a checkpoint: a 4-byte length, a JSON header (UTF-8), then every text
 * concatenated as UTF-16 code units. Decoding ~400,000 mostly Chinese characters from UTF-8 JSON was the
 * slowest part of reading a digest; UTF-16 is copied, and JSON parses the runs' small numbers quickly
 * (client ids and marks go through tables: a few distinct values, tens of thousands of runs).
 */
export function encodeDigest(digest: RevisionDigest): Uint8Array {
  if (!digest.complete) throw new Error('only a complete digest is stored');
  const clients = new Map<number, number>();
  const marks = new Map<string, number>();
  const indexOf = <T>(table: Map<T, number>, value: T): number => {
    let i = table.get(value);
    if (i === undefined) table.set(value, (i = table.size));
    return i;
  };
  const texts: string[] = [];
  const header: StoredDigestHeader = {
    format: DIGEST_FORMAT,
    rev: digest.rev,
    clauses: [...digest.clauses].map(([id, c]) => [id, c.section, c.number, c.status, c.locked]),
    texts: [...digest.texts].map(([root, t]) => {
      texts.push(t.text);
      const runs: number[] = [];
      for (let r = 0; r < t.starts.length; r += 1) runs.push(t.starts[r]!, indexOf(clients, t.clients[r]!), indexOf(marks, t.marks[r]!), indexOf(clients, t.formatClients[r]!));
      return [root, t.text.length, runs];
    }),
    clients: [],
    marks: [],
  };
  header.clients = [...clients.keys()];
  header.marks = [...marks.keys()];
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const body = Buffer.from(texts.join(''), 'utf16le');
  const out = Buffer.alloc(4 + head.length + body.length);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  body.copy(out, 4 + head.length);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The digest stored by {@link encodeDigest}, or null when written in a format this version does not read. */
export function decodeDigest(bytes: Uint8Array): RevisionDigest | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.toString('utf8', 4, 4 + headLength)) as StoredDigestHeader;
  if (header.format !== DIGEST_FORMAT) return null;
  const all = buffer.toString('utf16le', 4 + headLength);
  const texts = new Map<string, TextTokens>();
  let at = 0;
  for (const [root, length, runs] of header.texts) {
    const t: TextTokens = { text: all.slice(at, at + length), starts: [], clients: [], marks: [], formatClients: [], marksKey: '' };
    at += length;
    for (let i = 0; i < runs.length; i += 4) {
      t.starts.push(runs[i]!);
      t.clients.push(header.clients[runs[i + 1]!]!);
      t.marks.push(header.marks[runs[i + 2]!]!);
      t.formatClients.push(header.clients[runs[i + 3]!]!);
    }
    t.marksKey = marksKeyOf(t);
    texts.set(root, t);
  }
  const clauses = new Map(header.clauses.map(([id, section, number, status, locked]) => [id, { section, number, status, locked }] as const));
  return { rev: header.rev, clauses, texts, complete: true };
}
