import * as Y from 'yjs';
import { newId, type ClauseId, type LanguageCode, type SectionId } from '@accord/shared/ids';
import type { MemoSeed, SectionSeed } from '@accord/shared/memo/seed';
import { writeSeedText } from '@accord/shared/memo/richText';
import { getClauseText, getOutline, getSectionTitle, getTitle, type OutlineEntry } from '@accord/shared/memo/ydocLayout';

/**
 * Writes a memo's initial content into an empty Y.Doc. Only the server calls
 * this (DU3): the result is stored as the memo's first update in the same
 * transaction that creates the memo, so a memo never exists without it and is
 * never seeded twice.
 */
export function writeMemoSeed(doc: Y.Doc, seed: MemoSeed, languages: readonly LanguageCode[]): void {
  doc.transact(() => {
    for (const lang of languages) writeSeedText(getTitle(doc, lang), seed.titleBlock[lang] ?? '');
    const entries: OutlineEntry[] = [];
    const addSection = (section: SectionSeed, level: 1 | 2): void => {
      const id = (section.id ?? newId()) as SectionId;
      entries.push({ t: 'section', id, level, numbered: section.numbered ?? true });
      for (const lang of languages) writeSeedText(getSectionTitle(doc, id, lang), section.title[lang] ?? '');
      for (const clause of section.clauses) {
        const clauseId = (clause.id ?? newId()) as ClauseId;
        entries.push({ t: 'clause', id: clauseId });
        for (const lang of languages) writeSeedText(getClauseText(doc, clauseId, lang), clause.text[lang] ?? '');
      }
      if (level === 1) for (const sub of section.subsections ?? []) addSection(sub, 2);
    };
    for (const section of seed.sections) addSection(section, 1);
    getOutline(doc).insert(0, entries);
  });
}

/** Initial content of a memo created from the memo list: its title, one section, one empty clause. */
export function blankMemoSeed(title: string, languages: readonly LanguageCode[]): MemoSeed {
  const text = (value: string): Record<string, string> => Object.fromEntries(languages.map((l) => [l, value]));
  return { titleBlock: text(title), sections: [{ title: text(''), clauses: [{ text: text('') }] }] };
}
