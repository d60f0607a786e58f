import * as Y from 'yjs';
import { ID_PATTERN, LANGUAGE_PATTERN } from '../ids';
import type { ClauseId, LanguageCode, SectionId } from '../ids';

/**
 * The Y.Doc layout of a memo — the one place that names its root types.
 *
 * - `outline` (Y.Array of plain JSON entries): the order of sections and
 *   clauses, flat. A clause belongs to the nearest section entry above it.
 *   Entries are immutable values, so moving a clause is a delete plus an
 *   insert in `outline`, which a lock check can see.
 * - `title:<lang>` (Y.XmlFragment): the title block in one language.
 * - `section:<sectionId>:<lang>` (Y.XmlFragment): a section heading.
 * - `clause:<clauseId>:<lang>` (Y.XmlFragment): one language version of a clause.
 * - `agreement` (Y.Map, server-written only): sign-offs, contest flags, locks
 *   and reopen requests per clause (see memo/agreement.ts).
 *
 * Root types can never be deleted, so the root name of an item's top ancestor
 * tells which clause a change touches, and a clause's hash reads only its own
 * fragments. Any other root name is outside the layout and refused by the server.
 */
export const OUTLINE_ROOT = 'outline';

/** A section heading in the outline. Level 2 is a sub-section (one level of nesting). */
export interface SectionEntry {
  t: 'section';
  id: SectionId;
  level: 1 | 2;
  numbered: boolean;
}
/** A clause's place in the outline. */
export interface ClauseEntry {
  t: 'clause';
  id: ClauseId;
}
export type OutlineEntry = SectionEntry | ClauseEntry;

/** The parsed meaning of a root type's name. */
export type RootRef =
  | { kind: 'outline' }
  | { kind: 'agreement' }
  | { kind: 'title'; lang: LanguageCode }
  | { kind: 'section'; id: SectionId; lang: LanguageCode }
  | { kind: 'clause'; id: ClauseId; lang: LanguageCode };

export const titleRoot = (lang: LanguageCode | string): string => `title:${lang}`;
export const sectionRoot = (id: SectionId | string, lang: LanguageCode | string): string => `section:${id}:${lang}`;
export const clauseRoot = (id: ClauseId | string, lang: LanguageCode | string): string => `clause:${id}:${lang}`;

/** Parses a root name; null means "outside the layout". */
export function parseRootName(name: string): RootRef | null {
  if (name === OUTLINE_ROOT) return { kind: 'outline' };
  if (name === 'agreement') return { kind: 'agreement' };
  const parts = name.split(':');
  if (parts[0] === 'title' && parts.length === 2 && LANGUAGE_PATTERN.test(parts[1]!)) {
    return { kind: 'title', lang: parts[1] as LanguageCode };
  }
  if ((parts[0] === 'section' || parts[0] === 'clause') && parts.length === 3) {
    const [kind, id, lang] = parts as [string, string, string];
    if (!ID_PATTERN.test(id) || !LANGUAGE_PATTERN.test(lang)) return null;
    return kind === 'section'
      ? { kind: 'section', id: id as SectionId, lang: lang as LanguageCode }
      : { kind: 'clause', id: id as ClauseId, lang: lang as LanguageCode };
  }
  return null;
}

/** Runtime check of one outline entry (entries arrive from clients). */
export function isOutlineEntry(value: unknown): value is OutlineEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (v.t === 'clause') return Object.keys(v).length === 2 && typeof v.id === 'string' && ID_PATTERN.test(v.id);
  if (v.t === 'section') {
    return (
      Object.keys(v).length === 4 &&
      typeof v.id === 'string' &&
      ID_PATTERN.test(v.id) &&
      (v.level === 1 || v.level === 2) &&
      typeof v.numbered === 'boolean'
    );
  }
  return false;
}

export const getOutline = (doc: Y.Doc): Y.Array<OutlineEntry> => doc.getArray<OutlineEntry>(OUTLINE_ROOT);
export const getTitle = (doc: Y.Doc, lang: LanguageCode | string): Y.XmlFragment => doc.getXmlFragment(titleRoot(lang));
export const getSectionTitle = (doc: Y.Doc, id: SectionId | string, lang: LanguageCode | string): Y.XmlFragment =>
  doc.getXmlFragment(sectionRoot(id, lang));
export const getClauseText = (doc: Y.Doc, id: ClauseId | string, lang: LanguageCode | string): Y.XmlFragment =>
  doc.getXmlFragment(clauseRoot(id, lang));

/**
 * Gives every root of the layout in a document its type (the outline array,
 * the agreement map, the text fragments) in one transaction. Yjs leaves the
 * roots of an applied update untyped until first asked for, and typing one
 * is a transaction of its own, with its cleanup and `update` encoding: the
 * first look at every clause of a 1,000-clause memo, right after it was
 * received, cost 2,000 transactions (0.1–0.2 s) instead of one. (Not used in the
 * server's load: see docs/ARCHITECTURE.md.)
 */
export function typeRoots(doc: Y.Doc, origin: unknown = null): void {
  doc.transact(() => {
    for (const name of [...doc.share.keys()]) {
      const ref = parseRootName(name);
      if (ref === null) continue;
      if (ref.kind === 'outline') getOutline(doc);
      else if (ref.kind === 'agreement') doc.getMap(name);
      else doc.getXmlFragment(name);
    }
  }, origin);
}

/** Reads the outline as plain entries, skipping anything malformed. */
export function readOutline(doc: Y.Doc): OutlineEntry[] {
  return getOutline(doc).toArray().filter(isOutlineEntry);
}
