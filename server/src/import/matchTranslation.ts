import type { ClauseId, SectionId } from '@accord/shared/ids';
import type { TranslationMismatch } from '@accord/shared/import/importReport';
import type { SectionNode } from '@accord/shared/memo/structure';
import type { ImportedClause, ImportedMemo, ImportedSection } from './buildImportedMemo';

/** A memo section as the matcher sees it: flattened (sub-sections after their parent's clauses), with its title in the target language. */
export interface MemoSectionRef {
  id: SectionId;
  title: string;
  clauses: Array<{ id: ClauseId; number: number | null }>;
}

/** The matcher's verdict, before anything is written. */
export interface TranslationMatch {
  sections: Array<{ memo: MemoSectionRef; imported: ImportedSection }>;
  clauses: Array<{ memo: MemoSectionRef; clauseId: ClauseId; number: number | null; imported: ImportedClause }>;
  unmatchedClauses: Array<{ memo: MemoSectionRef; clauseId: ClauseId; number: number | null; reason: string; mismatch: TranslationMismatch }>;
  unmatchedParagraphs: Array<{ text: string; reason: string; mismatch: TranslationMismatch }>;
}

/** Flattens the memo's structure in reading order. */
export function memoSections(structure: readonly SectionNode[], title: (id: SectionId) => string): MemoSectionRef[] {
  const out: MemoSectionRef[] = [];
  const visit = (s: SectionNode): void => {
    out.push({ id: s.id, title: title(s.id), clauses: s.clauses.map((c) => ({ id: c.id, number: c.number })) });
    s.subsections.forEach(visit);
  };
  structure.forEach(visit);
  return out;
}

/**
 * Matches a translation to the memo clause by clause, by structure only —
 * the same sections in the same order, the same number of clauses in each —
 * and never by guessing at meaning: a section whose clause count differs is
 * reported unmatched as a whole, and when the section counts differ nothing
 * is matched at all. A file section with neither title nor clauses is ignored.
 */
export function matchTranslation(memo: readonly MemoSectionRef[], imported: ImportedMemo): TranslationMatch {
  const result: TranslationMatch = { sections: [], clauses: [], unmatchedClauses: [], unmatchedParagraphs: [] };
  const fileSections = imported.sections.filter((s) => s.clauses.length > 0 || s.title !== '');
  const preview = (c: ImportedClause): string => c.paragraphs[0]?.map((r) => r.text).join('').slice(0, 80) ?? '';
  if (fileSections.length !== memo.length) {
    const reason = `the file has ${fileSections.length} sections, the memo ${memo.length}: sections cannot be paired`;
    const mismatch: TranslationMismatch = { kind: 'section_count', file: fileSections.length, memo: memo.length };
    for (const s of memo) for (const c of s.clauses) result.unmatchedClauses.push({ memo: s, clauseId: c.id, number: c.number, reason, mismatch });
    for (const s of fileSections) for (const c of s.clauses) result.unmatchedParagraphs.push({ text: preview(c), reason, mismatch });
    return result;
  }
  memo.forEach((section, i) => {
    const file = fileSections[i]!;
    result.sections.push({ memo: section, imported: file });
    if (file.clauses.length !== section.clauses.length) {
      const title = section.title || file.title;
      const reason = `section "${title}" has ${section.clauses.length} clauses in the memo and ${file.clauses.length} in the file`;
      const mismatch: TranslationMismatch = { kind: 'clause_count', section: title, memo: section.clauses.length, file: file.clauses.length };
      for (const c of section.clauses) result.unmatchedClauses.push({ memo: section, clauseId: c.id, number: c.number, reason, mismatch });
      for (const c of file.clauses) result.unmatchedParagraphs.push({ text: preview(c), reason, mismatch });
      return;
    }
    section.clauses.forEach((c, k) => result.clauses.push({ memo: section, clauseId: c.id, number: c.number, imported: file.clauses[k]! }));
  });
  return result;
}
