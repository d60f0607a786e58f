import type * as Y from 'yjs';
import type { LanguageCode } from '@accord/shared/ids';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { buildStructure, LEADING_GROUP_ID } from '@accord/shared/memo/structure';
import { getSectionTitle, readOutline } from '@accord/shared/memo/ydocLayout';

/** Where a clause sits: its 1-based position within its (sub-)section and that section's heading. */
export interface ClausePlace {
  position: number;
  section: string | null;
}

/**
 * The language in which to quote section headings in messages: the
 * interface language when the memo has a version in it, else the memo's
 * first language.
 */
export function headingLanguage(languages: readonly LanguageCode[], interfaceLanguage: string): LanguageCode | undefined {
  return languages.find((l) => l === interfaceLanguage) ?? languages[0];
}

/** A section heading's first line as plain text, or null if it is empty. */
export function sectionHeading(doc: Y.Doc, sectionId: string, lang: LanguageCode | undefined): string | null {
  if (!lang || sectionId === LEADING_GROUP_ID) return null;
  const line = fragmentToPlainText(getSectionTitle(doc, sectionId, lang)).split('\n')[0]?.trim() ?? '';
  return line === '' ? null : line;
}

/**
 * Finds a clause in the outline, so messages can name it the way people do
 * ("clause 2 of 'Status of relations'"). Position counts in unnumbered
 * sections too. Null if the clause is not in the memo (any more).
 */
export function locateClause(doc: Y.Doc, clauseId: string, lang: LanguageCode | undefined): ClausePlace | null {
  for (const section of buildStructure(readOutline(doc))) {
    for (const group of [section, ...section.subsections]) {
      const index = group.clauses.findIndex((c) => c.id === clauseId);
      if (index < 0) continue;
      return { position: group.clauses[index]!.number ?? index + 1, section: sectionHeading(doc, group.id, lang) };
    }
  }
  return null;
}
